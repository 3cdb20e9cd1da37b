/**
 * Resources from the Atmos engine: the stacks with their components (`atmos://stacks`), and each resolved
 * component (`atmos://stacks/<stack>/components/<component>`), the same JSON `atmos_describe_component` returns.
 */
import type { AtmosEngine } from '../atmos/engine';
import { sortedPlain } from '../atmos/output';
import type { McpResource, ResourceProvider } from './resources';

const STACKS_URI = 'atmos://stacks';
const COMPONENT_URI = /^atmos:\/\/stacks\/([^/]+)\/components\/([^/]+)$/;

/** Listing every component of every stack can run to thousands; past this many only the template is offered. */
const MAX_LISTED_COMPONENTS = 200;

export function componentUri(stack: string, component: string): string {
  return `${STACKS_URI}/${encodeURIComponent(stack)}/components/${encodeURIComponent(component)}`;
}

export function engineResources(getEngine: () => Promise<AtmosEngine>): ResourceProvider {
  const stacksWithComponents = (engine: AtmosEngine) =>
    engine.listStacks().map((stack) => ({
      stack,
      components: engine
        .listComponents(stack)
        .filter((c) => !c.abstract)
        .map((c) => ({ component: c.component, type: c.type })),
    }));

  return {
    async list() {
      const engine = await getEngine();
      const out: McpResource[] = [{ uri: STACKS_URI, name: 'stacks', title: 'Atmos stacks', description: 'Every stack and the components it deploys', mimeType: 'application/json' }];
      const all = stacksWithComponents(engine).flatMap((s) => s.components.map((c) => ({ stack: s.stack, ...c })));
      if (all.length <= MAX_LISTED_COMPONENTS) {
        for (const c of all) out.push({ uri: componentUri(c.stack, c.component), name: `${c.stack}/${c.component}`, description: `${c.component} (${c.type}) resolved in ${c.stack}`, mimeType: 'application/json' });
      }
      return out;
    },
    async templates() {
      return [{ uriTemplate: `${STACKS_URI}/{stack}/components/{component}`, name: 'component', description: 'A component fully resolved in a stack (atmos describe component)', mimeType: 'application/json' }];
    },
    async read(uri) {
      if (uri === STACKS_URI) {
        const engine = await getEngine();
        return { uri, mimeType: 'application/json', text: JSON.stringify(stacksWithComponents(engine), null, 2) };
      }
      const match = COMPONENT_URI.exec(uri);
      if (!match) return undefined;
      const engine = await getEngine();
      const d = await engine.describeComponent(decodeURIComponent(match[2]), decodeURIComponent(match[1]));
      return { uri, mimeType: 'application/json', text: JSON.stringify(sortedPlain({ ...d.section, ...(d.unresolved.length ? { _unresolved: d.unresolved } : {}) }), null, 2) };
    },
  };
}
