/**
 * The chat's commands: New Session, Set API Key (SecretStorage, per provider), Select Provider / Model /
 * Agent (quick picks; models from the provider's own list where it has one).
 */
import * as vscode from 'vscode';
import { resolveProviderSettings } from '../../providers/providerSettings';
import { createProvider } from '../../providers/registry';
import type { ProviderId } from '../../providers/types';
import type { ChatController } from './chatController';
import { KEYED_PROVIDERS, currentModel, currentProvider, providerEnv, providerLabel, providerOverrides, secretKey, updateSetting } from './chatSettings';

const PROVIDERS: { id: ProviderId; detail: string }[] = [
  { id: 'vscode', detail: 'GitHub Copilot and other VS Code models; no key needed' },
  { id: 'anthropic', detail: 'Claude models; API key' },
  { id: 'openai', detail: 'OpenAI or any OpenAI-compatible gateway; API key' },
  { id: 'gemini', detail: 'Google Gemini; API key' },
  { id: 'grok', detail: 'xAI Grok; API key' },
  { id: 'ollama', detail: 'Local models through Ollama; no key' },
  { id: 'bedrock', detail: 'Amazon Bedrock; AWS credential chain' },
  { id: 'azure', detail: 'Azure OpenAI; API key or Entra ID' },
];

export function registerChatCommands(context: vscode.ExtensionContext, chat: ChatController): void {
  const register = (id: string, run: (...args: unknown[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('atmosAi.newSession', async () => {
    await vscode.commands.executeCommand('atmosAi.chat.focus');
    await chat.newSession();
  });

  // Internal (not in the palette): the Sessions tree opens a session in the chat through it.
  register('atmosAi.chat.openSession', async (id?: unknown) => {
    if (typeof id !== 'string') return false;
    await vscode.commands.executeCommand('atmosAi.chat.focus');
    return chat.switchSession(id);
  });

  register('atmosAi.setApiKey', async (provider?: unknown) => {
    const current = currentProvider();
    let id = typeof provider === 'string' && KEYED_PROVIDERS.includes(provider as ProviderId) ? provider : undefined;
    if (!id) {
      const items = KEYED_PROVIDERS.map((p) => ({ label: providerLabel(p), description: p === current ? 'current provider' : undefined, id: p }));
      items.sort((a, b) => Number(b.id === current) - Number(a.id === current));
      const picked = await vscode.window.showQuickPick(items, { title: 'Atmos AI: Set API Key', placeHolder: 'Which provider is the key for?' });
      if (!picked) return;
      id = picked.id;
    }
    const key = await vscode.window.showInputBox({
      title: `Atmos AI: ${providerLabel(id)} API key`,
      prompt: 'Kept in VS Code’s SecretStorage, never in settings. Leave empty to remove the stored key.',
      password: true,
      ignoreFocusOut: true,
    });
    if (key === undefined) return;
    if (key.trim() === '') {
      await context.secrets.delete(secretKey(id));
      void vscode.window.showInformationMessage(`Atmos AI: the ${providerLabel(id)} API key was removed.`);
    } else {
      await context.secrets.store(secretKey(id), key.trim());
      void vscode.window.showInformationMessage(`Atmos AI: the ${providerLabel(id)} API key is stored.`);
    }
  });

  register('atmosAi.selectProvider', async () => {
    const current = currentProvider();
    const picked = await vscode.window.showQuickPick(
      PROVIDERS.map((p) => ({ label: providerLabel(p.id), description: p.id === current ? 'current' : undefined, detail: p.detail, id: p.id })),
      { title: 'Atmos AI: Select Provider', matchOnDetail: true },
    );
    if (!picked || picked.id === current) return;
    await updateSetting('provider', picked.id);
    await updateSetting('model', '');
    if (KEYED_PROVIDERS.includes(picked.id) && !(await context.secrets.get(secretKey(picked.id)))) {
      const set = 'Set API Key';
      if ((await vscode.window.showInformationMessage(`${providerLabel(picked.id)} needs an API key.`, set)) === set) {
        await vscode.commands.executeCommand('atmosAi.setApiKey', picked.id);
      }
    }
  });

  register('atmosAi.selectModel', async () => {
    const models = await listModels(context);
    const current = currentModel();
    const enter = { label: '$(edit) Enter a model id…', id: '__enter__' };
    const items = [
      { label: 'Provider default', description: current === '' ? 'current' : undefined, id: '' },
      ...models.list.map((m) => ({ label: m.displayName ?? m.id, description: [m.id !== m.displayName ? m.id : undefined, m.id === current ? 'current' : undefined].filter(Boolean).join(' · ') || undefined, id: m.id })),
      enter,
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `Atmos AI: Select Model (${providerLabel(currentProvider())})`,
      placeHolder: models.problem ? `Could not list models: ${models.problem}` : undefined,
      matchOnDescription: true,
    });
    if (!picked) return;
    let model = picked.id;
    if (model === enter.id) {
      const typed = await vscode.window.showInputBox({ title: 'Model id', value: current, ignoreFocusOut: true });
      if (typed === undefined) return;
      model = typed.trim();
    }
    await updateSetting('model', model);
  });

  // With an agent name (the Agents tree's "Use in chat"), selects it directly.
  register('atmosAi.selectAgent', async (name?: unknown) => {
    if (typeof name === 'string' && (await chat.setAgent(name))) return;
    const catalog = await chat.agents();
    const current = chat.agentName();
    const picked = await vscode.window.showQuickPick(
      catalog.agents.map((a) => ({ label: a.displayName, description: [a.name, a.origin !== 'builtin' ? a.origin : undefined, a.name === current ? 'current' : undefined].filter(Boolean).join(' · '), detail: a.description, id: a.name })),
      { title: 'Atmos AI: Select Agent', matchOnDetail: true },
    );
    if (picked) await chat.setAgent(picked.id);
  });
}

async function listModels(context: vscode.ExtensionContext): Promise<{ list: { id: string; displayName?: string }[]; problem?: string }> {
  try {
    const resolved = resolveProviderSettings({ overrides: await providerOverrides(context.secrets), env: providerEnv() });
    if (!resolved.ok) return { list: [], problem: resolved.errors.join('; ') };
    const provider = await createProvider(resolved.value.id, resolved.value.config);
    if (!provider.listModels) return { list: [], problem: 'this provider has no model list' };
    const signal = AbortSignal.timeout(10_000);
    return { list: await provider.listModels(signal) };
  } catch (err) {
    return { list: [], problem: err instanceof Error ? err.message : String(err) };
  }
}
