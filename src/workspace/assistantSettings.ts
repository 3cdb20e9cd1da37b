/**
 * The assistant's settings with their defaults. The extension reads them from `atmosAi.*` (package.json
 * declares the same defaults; a unit test keeps the two in step), the CLI uses the defaults plus flags.
 */
export interface AssistantSettings {
  tools: {
    allowed: string[];
    restricted: string[];
    blocked: string[];
    requireConfirmation: boolean;
    yolo: boolean;
    timeoutSeconds: number;
  };
  audit: { enabled: boolean; path: string; retentionDays: number };
  memory: { enabled: boolean; file: string; maxBytes: number };
}

export const DEFAULT_SETTINGS: AssistantSettings = {
  tools: {
    allowed: ['atmos_describe_*', 'atmos_list_*', 'atmos_validate_*', 'atmos_where', 'file_read', 'file_search', 'read_*'],
    restricted: ['file_write', 'write_*', 'atmos_terraform_plan'],
    blocked: ['atmos_terraform_apply', 'atmos_terraform_destroy'],
    requireConfirmation: true,
    yolo: false,
    timeoutSeconds: 30,
  },
  audit: { enabled: true, path: '.atmos/ai-audit.log', retentionDays: 30 },
  memory: { enabled: true, file: 'ATMOS.md', maxBytes: 16384 },
};
