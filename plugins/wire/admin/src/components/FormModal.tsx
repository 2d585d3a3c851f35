/**
 * The desk's edit dialog: a trigger button, a form, Cancel and one save button. `onOpen` resets the
 * draft each time it opens; `onSave` gives back whether it saved, and the dialog closes when it did.
 * `FormField` is one labelled input of its form, with the hint under it; `FormCheck` one checkbox.
 * A text `trigger` is the small secondary button of a table row.
 */
import { Button, Checkbox, Field, Grid, Modal } from '@strapi/design-system';
import * as React from 'react';
import { useT } from '../translations';

interface Props {
  trigger: string | React.ReactNode;
  title: string;
  saveLabel: string;
  saving: boolean;
  canSave?: boolean;
  onOpen?: () => void;
  onSave: () => Promise<boolean>;
  children: React.ReactNode;
}

export function FormModal({ trigger, title, saveLabel, saving, canSave = true, onOpen, onSave, children }: Props) {
  const t = useT();
  const [open, setOpen] = React.useState(false);
  const openChange = (next: boolean) => {
    if (next) onOpen?.();
    setOpen(next);
  };
  async function submit() {
    if (await onSave()) setOpen(false);
  }
  return (
    <Modal.Root open={open} onOpenChange={openChange}>
      <Modal.Trigger>
        {typeof trigger === 'string' ? (
          <Button variant="secondary" size="S">
            {trigger}
          </Button>
        ) : (
          trigger
        )}
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('cancel')}</Button>
          </Modal.Close>
          <Button onClick={submit} loading={saving} disabled={!canSave}>
            {saveLabel}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

/** A labelled input in a cell of the dialog's grid (6 of 12 columns unless told). */
export function FormField({
  name,
  label,
  hint,
  col = 6,
  required,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  col?: number;
  required?: boolean;
  /** Shown under the field instead of the hint while the value is not valid. */
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <Grid.Item col={col} direction="column" alignItems="stretch">
      <Field.Root name={name} hint={hint} required={required} error={error}>
        <Field.Label>{label}</Field.Label>
        {children}
        <Field.Hint />
        <Field.Error />
      </Field.Root>
    </Grid.Item>
  );
}

/** A checkbox in a cell of the dialog's grid. */
export function FormCheck({
  checked,
  onChange,
  col = 6,
  children,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  col?: number;
  children: React.ReactNode;
}) {
  return (
    <Grid.Item col={col} direction="column" alignItems="stretch">
      <Checkbox checked={checked} onCheckedChange={(c: boolean | 'indeterminate') => onChange(c === true)}>
        {children}
      </Checkbox>
    </Grid.Item>
  );
}
