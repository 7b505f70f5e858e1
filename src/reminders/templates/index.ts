export { CATALOGS, type MessageCatalog } from './catalog';
export * from './format';
export * from './languages';
export { escapeHtml } from './message-text';
export * from './render';
