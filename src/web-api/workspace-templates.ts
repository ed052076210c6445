import { SegmintError, renderIssue } from '../errors.js';
import type { Workspace } from '../engine/index.js';
import { commonValues, eventCatalog } from '../store/catalog.js';
import { buildTemplates, cityField, type Template } from './templates.js';

/**
 * The templates for this workspace: adapted to its fields and the events it has seen.
 * Every template offered as ready is bound against the workspace first; one that would
 * not save (a field of another type than expected) is offered with the reason as a note.
 */
export async function workspaceTemplates(ws: Workspace): Promise<Template[]> {
  const labels = new Map((await ws.fields()).map((f) => [f.key, f.label]));
  const fields = (await ws.registry()).all().map((f) => ({ key: f.key, label: labels.get(f.key) ?? null, type: f.type, options: f.options, computed: f.computed }));
  const events = await eventCatalog(ws.store);
  const common = new Map<string, unknown[]>();
  const city = cityField(fields);
  if (city) common.set(city.key, (await commonValues(ws.store, city.key, 1)).map((v) => v.value));
  const out: Template[] = [];
  for (const t of buildTemplates({ fields, events, common })) {
    if (!t.ready) { out.push(t); continue; }
    try {
      await ws.bind(t.condition);
      out.push(t);
    } catch (e) {
      if (!(e instanceof SegmintError)) throw e;
      out.push({ ...t, ready: false, notes: e.issues.map((i) => `Adjust before saving: ${renderIssue(i)}.`) });
    }
  }
  return out;
}
