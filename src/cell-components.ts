/**
 * The live cells' components (with their controls, charts and worker glue). src/main.ts loads
 * this module after the essay's first paint; nb-essay has already created the cells' elements
 * by tag (src/cells.ts), and they upgrade in place when defined here.
 */
import '../components/nb-grokking-cell';
import '../components/nb-clockpizza-cell';
import '../components/nb-labelnoise-cell';
import '../components/nb-relreps-cell';

export { preloadPlotlyWhenIdle } from '../components/nb-plot';
