#!/usr/bin/env node
// Writes .env from .env.example with fresh random secrets, once. An existing .env is left as it is,
// except that empty secrets in it are filled in.
'use strict';
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const target = path.join(root, '.env');
const SECRETS = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
];
const random = () => randomBytes(24).toString('base64');

const existed = fs.existsSync(target);
let text = fs.readFileSync(existed ? target : path.join(root, '.env.example'), 'utf8');
const filled = [];
for (const name of SECRETS) {
  const value = name === 'APP_KEYS' ? [random(), random(), random(), random()].join(',') : random();
  const line = new RegExp(`^${name}=\\s*$`, 'm');
  if (line.test(text)) {
    text = text.replace(line, `${name}=${value}`);
    filled.push(name);
  } else if (!new RegExp(`^${name}=`, 'm').test(text)) {
    text += `\n${name}=${value}\n`;
    filled.push(name);
  }
}
if (!existed || filled.length) {
  fs.writeFileSync(target, text, { mode: 0o600 });
  console.log(`[wire] ${existed ? 'filled in' : 'wrote'} .env with fresh secrets (${filled.join(', ')})`);
}
