// Every screen on a desktop passes axe-core (no serious or critical violation).
import { axeWalk } from './axe';

axeWalk();
