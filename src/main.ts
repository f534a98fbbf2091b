import { ensureIsolation } from './isolation';
import './styles/essay.css';
import './styles/cell.css';
import '../components/nb-essay';
import '../components/nb-grokking-cell';
import '../components/nb-clockpizza-cell';
import '../components/nb-labelnoise-cell';
import '../components/nb-relreps-cell';
import { preloadPlotlyWhenIdle } from '../components/nb-plot';

preloadPlotlyWhenIdle();
ensureIsolation();
