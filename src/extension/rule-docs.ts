// Where each rule's documentation lives, for the diagnostic code links.
export { docsUrl as ruleDocsUrl } from '../core/rule-catalog.js';
