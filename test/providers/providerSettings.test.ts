import assert from 'node:assert/strict';
import { resolveProviderSettings } from '../../src/providers/providerSettings';

const ok = (r: ReturnType<typeof resolveProviderSettings>) => {
  if (!r.ok) assert.fail(r.errors.join('\n'));
  return r.value;
};

describe('provider settings resolution', () => {
  const atmosAi = {
    enabled: true,
    default_provider: 'openai',
    timeout_seconds: 90,
    providers: {
      openai: { model: 'gpt-team', api_key_env: 'TEAM_OPENAI_KEY', max_tokens: 4096, base_url: 'https://gateway.example/v1' },
      anthropic: { model: 'claude-team' },
      azureopenai: { model: 'gpt-azure' },
    },
  };

  it('takes the team defaults from atmos.yaml, and the key from the variable it names', () => {
    const v = ok(resolveProviderSettings({ atmosAi, env: { TEAM_OPENAI_KEY: 'k-team', OPENAI_API_KEY: 'k-default' } }));
    assert.equal(v.id, 'openai');
    assert.equal(v.config.model, 'gpt-team');
    assert.equal(v.config.baseUrl, 'https://gateway.example/v1');
    assert.equal(v.config.apiKey, 'k-team');
    assert.equal(v.keySource, '$TEAM_OPENAI_KEY');
    assert.equal(v.maxTokens, 4096);
    assert.deepEqual(v.config.timeouts, { requestMs: 90_000 });
  });

  it('lets explicit choices (flags, VS Code settings, stored key) win over atmos.yaml', () => {
    const v = ok(
      resolveProviderSettings({
        overrides: { provider: 'openai', model: 'gpt-flag', baseUrl: 'http://127.0.0.1:9999', apiKey: 'k-secret' },
        atmosAi,
        env: { TEAM_OPENAI_KEY: 'k-team' },
      }),
    );
    assert.equal(v.config.model, 'gpt-flag');
    assert.equal(v.config.baseUrl, 'http://127.0.0.1:9999');
    assert.equal(v.config.apiKey, 'k-secret');
    assert.equal(v.keySource, 'the stored key');
  });

  it('falls back to the usual environment variables and Atmos provider names', () => {
    const a = ok(resolveProviderSettings({ overrides: { provider: 'anthropic' }, atmosAi, env: { ANTHROPIC_API_KEY: 'k-a' } }));
    assert.equal(a.config.model, 'claude-team');
    assert.equal(a.config.apiKey, 'k-a');
    const z = ok(resolveProviderSettings({ overrides: { provider: 'azureopenai' }, atmosAi, env: { AZURE_OPENAI_ENDPOINT: 'https://r.openai.azure.com', AZURE_OPENAI_API_KEY: 'k-z' } }));
    assert.equal(z.id, 'azure');
    assert.equal(z.config.model, 'gpt-azure');
    assert.equal(z.config.baseUrl, 'https://r.openai.azure.com');
    const o = ok(resolveProviderSettings({ overrides: { provider: 'ollama' }, env: { OLLAMA_HOST: 'http://gpu-box:11434' } }));
    assert.equal(o.config.baseUrl, 'http://gpu-box:11434');
    assert.equal(o.config.apiKey, undefined);
    const b = ok(resolveProviderSettings({ overrides: { provider: 'bedrock' }, env: { AWS_REGION: 'eu-west-1', AWS_PROFILE: 'sso-dev' } }));
    assert.deepEqual([b.config.region, b.config.profile], ['eu-west-1', 'sso-dev']);
  });

  it('defaults to Anthropic when nothing chooses a provider', () => {
    assert.equal(ok(resolveProviderSettings({})).id, 'anthropic');
  });

  it('reports bad settings with their location, and refuses keys written into atmos.yaml', () => {
    const r = resolveProviderSettings({
      atmosAi: { providers: { openai: { max_tokens: 'lots', api_key: 'sk-inline' }, gemini: 'fast' } },
      overrides: { provider: 'openai' },
    });
    assert.equal(r.ok, false);
    const errors = r.ok ? [] : r.errors;
    assert.ok(errors.some((e) => e.includes('settings.ai.providers.openai.max_tokens')));
    assert.ok(errors.some((e) => e.includes('settings.ai.providers.openai.api_key') && e.includes('api_key_env')));
    assert.ok(errors.some((e) => e.includes('settings.ai.providers.gemini must be a map')));
    assert.ok(!errors.join(' ').includes('sk-inline'), 'the key itself is never repeated');
  });

  it('names the valid providers for an unknown one', () => {
    const r = resolveProviderSettings({ overrides: { provider: 'claude' } });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.errors[0], /Unknown provider 'claude' — use one of: anthropic, openai, gemini, grok, ollama, bedrock, azure/);
  });
});
