import type { E2eCase } from '../context';
import { agentInstall } from './agentInstall';
import { chatApprove, chatDeny, chatMissingKey, chatReload, chatStop } from './chatFlow';
import { chatApply } from './chatApply';
import { chatContextMeter, chatRenameFromTree } from './chatHeader';
import { chatHostile } from './chatHostile';
import { chatLinks } from './chatLinks';
import { chatLongSession } from './chatLongSession';
import { chatRenders } from './chatRenders';
import { chatMention, chatSlash } from './chatSlash';
import { chatThemes } from './chatThemes';
import { chatThinking } from './chatThinking';
import { chatWrite } from './chatWrite';
import { containerOpens } from './containerOpens';
import { copilotRegistrations } from './copilotRegistrations';
import { editorCommandCases } from './editorCommands';
import { editorCases } from './editorFeatures';
import { liveDiagnostics } from './liveDiagnostics';
import { editorMoreCases } from './editorMore';
import { pingRoundTrip } from './pingRoundTrip';
import { terraformVars } from './terraformVars';
import { chatVsCodeLm } from './vscodeLm';
import { vsixSize } from './vsixSize';

/** The chat loop against the scripted provider; last, because the reload case reloads the window. */
const chatCases = [chatMissingKey, chatApprove, chatDeny, chatWrite, chatApply, chatStop, chatHostile, chatContextMeter, chatRenameFromTree, chatLinks, chatReload, chatThemes, chatSlash, chatMention, chatThinking, chatLongSession];

/**
 * Every e2e case, in the order they run on the one workbench page. Add new cases here. The palette workflows run
 * after the chat cases: they store the API key that chatMissingKey expects to be missing.
 */
export const cases: E2eCase[] = [vsixSize, containerOpens, chatRenders, pingRoundTrip, copilotRegistrations, ...editorCases, liveDiagnostics, terraformVars, ...editorMoreCases, agentInstall, chatVsCodeLm, ...chatCases, ...editorCommandCases];
