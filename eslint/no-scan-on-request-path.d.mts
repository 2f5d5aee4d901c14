import type { ESLint, Rule } from "eslint";

export const FORBIDDEN_CALLS: RegExp;
export const MAINTENANCE_NAME: RegExp;
export const noScanOnRequestPath: Rule.RuleModule;
declare const plugin: ESLint.Plugin;
export default plugin;
