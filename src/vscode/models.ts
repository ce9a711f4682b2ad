/**
 * The models bundle's entry (dist/models.js): everything that carries the prompt, model, tutor and
 * feedback code, loaded on first use, never at activation (modelsBundle.ts loads it).
 */
export { chatModel, disposeModels, ModelSetupError, type ChatModel } from './chatModel';
export { apiKeySecret, chooseModel, downloadModel, setApiKey } from './modelSetup';
export { ChatSession } from './chatSession';
export { editorAttachment, pickedFileAttachment } from './editorAttachment';
export { explainErrorQuestion, explainTracebackQuestion, looksLikeTraceback } from '../core/tutor/repair';
export { answerInVsCodeChat } from './nativeChat';
export { exportFeedback } from './feedback';
export { answerAsLanguageModel, languageModelsOffered, tokenCountOf } from './languageModels';
export { describeSolution, explainLineByLine } from './teacherCode';
