/**
 * Transfer learning as initialization, measured: a network learns digits 0–4; then two
 * students learn digits 5–9 on the same batches, one starting from the 0–4 network's hidden
 * layers ("transfer"), one from the random draw that network itself started from
 * ("scratch"). Whatever the outcome, it is reported as measured.
 */
import * as tf from '@tensorflow/tfjs';
import type { Split } from '../../data/dataset';
import { SOURCE_DIGITS, TARGET_DIGITS, transferTasks } from './digits';
import {
  DEFAULT_TRANSFER_OPTIONS,
  STUDENT_ROLES,
  type StudentResult,
  type TransferEnded,
  type TransferEvent,
  type TransferOptions,
} from './events';
import { Learner, trainLockstep, type PhaseCallbacks } from './learner';
import type { TransferNet } from './net';
import { networkLabel, shapeOf } from './shape';
import { buildPretrainNet, demoSeeds, makeStudents } from './students';
import { disposeTask, uploadTask, type TaskTensors } from './task-data';
import { errorMessage } from '../../error-message';

export function checkTransferOptions(o: TransferOptions): void {
  const whole = (name: keyof TransferOptions, min: number) => {
    const v = o[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      throw new RangeError(`${name} must be a whole number >= ${min}, got ${String(v)}`);
  };
  whole('pretrainSteps', 0);
  whole('finetuneSteps', 1);
  whole('batchSize', 1);
  whole('depth', 1);
  whole('width', 1);
  whole('channels', 1);
  whole('evalEvery', 1);
  if (o.fewShot !== null) whole('fewShot', o.batchSize);
  if (!(o.lr > 0 && Number.isFinite(o.lr))) throw new RangeError(`lr must be a positive number, got ${o.lr}`);
}

type Point = { step: number; loss: number; accuracy: number };

function studentResult(h: Point[], featureNorm: number): StudentResult {
  const last = h[h.length - 1];
  return {
    accuracyAtStart: h[0].accuracy,
    lossAtStart: h[0].loss,
    earlyAccuracy: h[Math.min(1, h.length - 1)].accuracy,
    accuracy: last.accuracy,
    loss: last.loss,
    featureNorm,
  };
}

export async function runTransferDemo(
  split: Split,
  options: Partial<TransferOptions>,
  onEvent: (event: TransferEvent) => void,
  signal?: AbortSignal,
): Promise<TransferEnded> {
  const o: TransferOptions = { ...DEFAULT_TRANSFER_OPTIONS, ...options };
  const shape = shapeOf(o);
  const seeds = demoSeeds(o.seed);
  const finish = (end: TransferEnded): TransferEnded => {
    onEvent(end);
    return end;
  };
  const tensors: TaskTensors[] = [];
  const nets: TransferNet[] = [];
  const learners: Learner[] = [];
  let failure: string | null = null;
  // A NaN loss ends the demo with a message rather than charting garbage.
  const watch = (role: string, firstStep: number, loss: Float32Array) => {
    const bad = loss.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) failure ??= `the ${role} network's loss became ${loss[bad]} at step ${firstStep + bad}; try a smaller learning rate`;
  };
  try {
    checkTransferOptions(o);
    const tasks = transferTasks(split, o.fewShot, o.seed);
    const { source: src, target: tgt } = tasks;
    const counts = {
      sourceTrain: src.train.count,
      sourceVal: src.validation.count,
      targetTrain: tgt.train.count,
      targetVal: tgt.validation.count,
    };
    onEvent({ type: 'start', options: o, counts });
    const phase = { batchSize: o.batchSize, blockTargetMs: o.blockTargetMs, signal };

    // 1. Learn the source digits.
    const source = uploadTask(src, tasks.moments, SOURCE_DIGITS.length);
    tensors.push(source);
    const pretrainNet = buildPretrainNet(shape, o.seed);
    nets.push(pretrainNet);
    const pretrain = new Learner(pretrainNet, o.opt, o.lr, true);
    learners.push(pretrain);
    let pretrainAccuracy = Number.NaN;
    const pretrainReports: PhaseCallbacks = {
      onSteps: (_, firstStep, loss) => {
        watch('0–4', firstStep, loss);
        onEvent({ type: 'steps', role: 'pretrain', firstStep, loss });
      },
      onEval: (_, step, valLoss, valAccuracy) => {
        pretrainAccuracy = valAccuracy;
        onEvent({ type: 'eval', role: 'pretrain', step, valLoss, valAccuracy });
      },
    };
    const pretrainPhase = { ...phase, totalSteps: o.pretrainSteps, dataSeed: seeds.pretrainBatches, evalEvery: o.evalEvery * 5 };
    if (o.pretrainSteps > 0 && !(await trainLockstep([pretrain], source, pretrainPhase, pretrainReports, () => failure !== null))) {
      return finish({ type: 'end', status: 'stopped', summary: null });
    }
    if (failure) return finish({ type: 'end', status: 'failed', message: failure, summary: null });
    pretrain.disposeOptimizer();

    // 2. Two students on the target digits, in lockstep.
    const target = uploadTask(tgt, tasks.moments, TARGET_DIGITS.length);
    tensors.push(target);
    const { transfer, scratch } = makeStudents(pretrainNet, shape, o.seed);
    nets.push(transfer, scratch);
    // Same treatment for both: with `freeze`, each trains only its head, so the comparison is
    // "a head on the 0–4 features vs a head on random features"; only the init differs.
    const students = [new Learner(transfer, o.opt, o.lr, !o.freeze), new Learner(scratch, o.opt, o.lr, !o.freeze)];
    learners.push(...students);
    const normsTensor = tf.tidy(() => tf.stack(students.map((l) => l.featureNorm(target))));
    const norms = Array.from((await normsTensor.data()) as Float32Array);
    normsTensor.dispose();
    const history: Point[][] = STUDENT_ROLES.map(() => []);
    const finetuneReports: PhaseCallbacks = {
      onSteps: (i, firstStep, loss) => {
        watch(STUDENT_ROLES[i], firstStep, loss);
        onEvent({ type: 'steps', role: STUDENT_ROLES[i], firstStep, loss });
      },
      onEval: (i, step, valLoss, valAccuracy) => {
        history[i].push({ step, loss: valLoss, accuracy: valAccuracy });
        onEvent({ type: 'eval', role: STUDENT_ROLES[i], step, valLoss, valAccuracy });
      },
    };
    const finetunePhase = { ...phase, totalSteps: o.finetuneSteps, dataSeed: seeds.finetuneBatches, evalEvery: o.evalEvery };
    if (!(await trainLockstep(students, target, finetunePhase, finetuneReports, () => failure !== null))) {
      return finish({ type: 'end', status: 'stopped', summary: null });
    }
    if (failure) return finish({ type: 'end', status: 'failed', message: failure, summary: null });

    return finish({
      type: 'end',
      status: 'done',
      summary: {
        pretrainSteps: o.pretrainSteps,
        finetuneSteps: o.finetuneSteps,
        targetTrain: counts.targetTrain,
        targetVal: counts.targetVal,
        frozen: o.freeze,
        seed: o.seed,
        network: networkLabel(shape),
        pretrainAccuracy,
        earlyStep: history[0][Math.min(1, history[0].length - 1)].step,
        transfer: studentResult(history[0], norms[0]),
        scratch: studentResult(history[1], norms[1]),
      },
    });
  } catch (error) {
    return finish({ type: 'end', status: 'failed', message: errorMessage(error), summary: null });
  } finally {
    for (const l of learners) l.disposeOptimizer();
    for (const n of nets) n.dispose();
    for (const t of tensors) disposeTask(t);
  }
}
