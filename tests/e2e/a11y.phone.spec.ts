// Every screen on a 375 px phone passes axe-core (no serious or critical violation).
import { axeWalk } from './axe';

axeWalk();
