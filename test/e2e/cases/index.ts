import type { E2eCase } from '../context';
import { chatRenders } from './chatRenders';
import { containerOpens } from './containerOpens';
import { editorCases } from './editorFeatures';
import { pingRoundTrip } from './pingRoundTrip';
import { vsixSize } from './vsixSize';

/** Every e2e case, in the order they run on the one workbench page. Add new cases here. */
export const cases: E2eCase[] = [vsixSize, containerOpens, chatRenders, pingRoundTrip, ...editorCases];
