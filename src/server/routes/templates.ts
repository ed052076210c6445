import { createRoute, z } from '@hono/zod-openapi';
import { printDsl } from '../../dsl/index.js';
import { workspaceTemplates } from '../../web-api/workspace-templates.js';
import type { App, AppContext } from '../context.js';
import { commonErrors, json } from '../schemas.js';

// Starting points for a new segment, adapted to the workspace's fields and events.

const Template = z.object({
  id: z.string().openapi({ example: 'loyal' }),
  name: z.string(),
  description: z.string(),
  category: z.string(),
  condition: z.unknown().openapi({ description: 'A condition tree, ready to edit and save' }),
  dsl: z.string().openapi({ description: 'The condition as DSL text' }),
  ready: z.boolean().openapi({ description: 'True when every field and event it names exists here; otherwise `notes` says what to pick' }),
  notes: z.array(z.string()),
}).openapi('Template');

export function registerTemplateRoutes(app: App, { live }: AppContext): void {
  app.openapi(createRoute({
    method: 'get', path: '/api/v1/templates', tags: ['segments'], summary: 'Starting points for a new segment',
    description: 'A dozen everyday segments (a city, active with an e-mail, loyal customers, big spenders, a topic, a recent support case, inactive for 60 days, over N points, recently registered, aged 40–50, cart without purchase, VIP or Gold, a 10 % holdout), each naming the closest fields, events and properties this workspace has. Nothing is saved.',
    responses: { 200: json(z.object({ templates: z.array(Template) }), 'The templates'), ...commonErrors },
  }), async (c) => {
    const list = await live.read((ws) => workspaceTemplates(ws));
    return c.json({ templates: list.map((t) => ({ ...t, dsl: printDsl(t.condition) })) }, 200);
  });
}
