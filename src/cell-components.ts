/**
 * The live cells' components (with their controls, charts and worker glue). src/main.ts loads
 * this module after the essay's first paint; nb-essay has already created the cells' elements
 * by tag (src/cells.ts), and they upgrade in place when defined here.
 */
import './cells/grokking/component';
import './cells/clock-pizza/component';
import './cells/label-noise/component';
import './cells/relreps/component';

export { preloadPlotlyWhenIdle } from '../components/nb-plot';
