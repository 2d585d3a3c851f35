/** The desk's pages. Page.Protect hides them from editors without "read the desk"; an unknown path says so. */
import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { ACTIONS } from '../pluginId';
import { useT } from '../translations';
import { AgenciesPage } from './AgenciesPage';
import { AlertsPage } from './AlertsPage';
import { ArticlePage } from './ArticlePage';
import { ArticlesPage } from './ArticlesPage';
import { DeskPage } from './DeskPage';
import { FeedPage } from './FeedPage';
import { FeedsPage } from './FeedsPage';
import { LicencesPage } from './LicencesPage';
import { PartnersPage } from './PartnersPage';
import { RulesPage } from './RulesPage';
import { UsagePage } from './UsagePage';

function NotFound() {
  const t = useT();
  return <Page.Error content={t('notFound')} />;
}

function App() {
  return (
    <Page.Protect permissions={[{ action: ACTIONS.readDesk, subject: null }]}>
      <Routes>
        <Route index element={<DeskPage />} />
        <Route path="feeds" element={<FeedsPage />} />
        <Route path="feeds/new" element={<FeedPage />} />
        <Route path="feeds/:id" element={<FeedPage />} />
        <Route path="articles" element={<ArticlesPage />} />
        <Route path="articles/:id" element={<ArticlePage />} />
        <Route path="licences" element={<LicencesPage />} />
        <Route path="partners" element={<PartnersPage />} />
        <Route path="agencies" element={<AgenciesPage />} />
        <Route path="alerts" element={<AlertsPage />} />
        <Route path="rules" element={<RulesPage />} />
        <Route
          path="usage"
          element={
            <Page.Protect permissions={[{ action: ACTIONS.readUsage, subject: null }]}>
              <UsagePage />
            </Page.Protect>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </Page.Protect>
  );
}

export default App;
