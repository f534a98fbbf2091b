/**
 * The live cells' components (with their controls, charts and worker glue), found by folder
 * (`src/cells/<id>/component.ts`). src/main.ts loads this module after the essay's first paint;
 * nb-essay has already created the cells' elements by tag (src/cells/registry.ts), and they
 * upgrade in place when defined here.
 */
import.meta.glob('./cells/*/component.ts', { eager: true });

export { preloadPlotlyWhenIdle } from '../components/nb-plot';
