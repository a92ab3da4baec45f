// Where the injection detectors are documented: the link of every detector finding (their rule
// ids are not config rules, so the rule catalog has no page for them).
import { DOCS_BASE_URL } from '../rule-catalog.js';

export const DETECTORS_DOCS_URL = `${DOCS_BASE_URL}docs/detectors.md#rules`;
