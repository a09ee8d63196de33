/** Transfer learning as initialization: a real run, 0–4 -> 5–9 (see run-transfer-demo.ts). */
export { SOURCE_DIGITS, TARGET_DIGITS, fewShotSubset, selectDigits, transferTasks, type TransferTasks } from './digits';
export * from './events';
export { buildTransferNet, copyBody, type NetShape, type TransferNet } from './net';
export { buildPretrainNet, demoSeeds, makeStudents } from './students';
export { networkLabel, shapeOf } from './shape';
export { checkTransferOptions, runTransferDemo } from './run-transfer-demo';
