/**
 * The exact distribution each scheme draws from for one layer, with its formula: the
 * single source of truth that generate.ts draws from and the UI explains.
 */
import { SCHEME_DEFAULTS, type InitChoice, type SchemeId } from '../../experiment/config';
import { computeFans } from './fans';
import { resolveGain, type InitContext } from './gains';
import { orthogonalDims } from './orthogonal';
import { texNumber as t } from './tex';

export interface LayerInitInfo {
  scheme: SchemeId;
  fanIn: number;
  fanOut: number;
  /** The gain actually used; null for schemes that take none. */
  gain: number | null;
  /** Expected mean of the entries: the value for constant, else 0. */
  mean: number;
  /** Exact std of the distribution the entries are drawn from; 0 for zeros/constant. */
  std: number;
  /** Half-width of the interval, for uniform distributions. */
  bound: number | null;
  distribution: 'zeros' | 'constant' | 'normal' | 'uniform' | 'orthogonal';
  /** KaTeX source of the general formula. */
  formulaTex: string;
  /** The same formula with this layer's numbers plugged in. */
  substitutedTex: string;
}

const SQRT3 = Math.sqrt(3);

/**
 * validate.ts keeps bad parameters out of configs; this guards the engine anyway, since a
 * negative std or a NaN reaching the generators would surface only much later, as a run
 * that "diverged" for no visible reason.
 */
function checked(what: string, x: number, allowNegative = false): number {
  if (!Number.isFinite(x) || (x < 0 && !allowNegative)) {
    throw new RangeError(`init: invalid ${what} ${x}`);
  }
  return x;
}

export function describeInit(choice: InitChoice, shape: readonly number[], ctx: InitContext): LayerInitInfo {
  const { fanIn, fanOut } = computeFans(shape);
  const gain = resolveGain(choice, ctx);
  if (gain !== null) checked('gain', gain);
  const g = gain ?? 1;
  const base = { scheme: choice.scheme, fanIn, fanOut, gain, mean: 0 };
  const mode = choice.mode ?? SCHEME_DEFAULTS.mode;
  const fan = mode === 'fan_in' ? fanIn : fanOut;
  const nFan = mode === 'fan_in' ? 'n_{in}' : 'n_{out}';

  // rhs: the formula with numbers plugged in; absent when the parameter is given directly.
  const normal = (std: number, formulaTex: string, rhs?: string): LayerInitInfo => ({
    ...base,
    std: checked('std', std),
    bound: null,
    distribution: 'normal',
    formulaTex,
    substitutedTex: rhs ? `\\sigma = ${rhs} = ${t(std)}` : `\\sigma = ${t(std)}`,
  });
  const uniform = (bound: number, formulaTex: string, rhs?: string): LayerInitInfo => ({
    ...base,
    std: checked('bound', bound) / SQRT3,
    bound,
    distribution: 'uniform',
    formulaTex,
    substitutedTex: rhs ? `a = ${rhs} = ${t(bound)}` : `a = ${t(bound)}`,
  });

  switch (choice.scheme) {
    case 'zeros':
      return {
        ...base,
        std: 0,
        bound: null,
        distribution: 'zeros',
        formulaTex: 'W = 0',
        substitutedTex: 'W = 0',
      };
    case 'constant': {
      const value = choice.value ?? SCHEME_DEFAULTS.value;
      return {
        ...base,
        mean: checked('value', value, true),
        std: 0,
        bound: null,
        distribution: 'constant',
        formulaTex: 'W = c',
        substitutedTex: `W = ${t(value)}`,
      };
    }
    case 'normal': {
      return normal(choice.std ?? SCHEME_DEFAULTS.std, '\\sigma = \\mathrm{std}');
    }
    case 'uniform': {
      return uniform(choice.limit ?? SCHEME_DEFAULTS.limit, 'a = \\mathrm{limit}');
    }
    case 'xavier_uniform':
      return uniform(g * Math.sqrt(6 / (fanIn + fanOut)), 'a = g\\sqrt{6/(n_{in}+n_{out})}', `${t(g)}\\cdot\\sqrt{6/(${fanIn}+${fanOut})}`);
    case 'xavier_normal':
      return normal(
        g * Math.sqrt(2 / (fanIn + fanOut)),
        '\\sigma = g\\sqrt{2/(n_{in}+n_{out})}',
        `${t(g)}\\cdot\\sqrt{2/(${fanIn}+${fanOut})}`,
      );
    // LeCun's formulas are Kaiming's with gain 1 by default; only resolveGain tells them apart.
    case 'he_uniform':
    case 'lecun_uniform':
      return uniform(g * Math.sqrt(3 / fan), `a = g\\sqrt{3/${nFan}}`, `${t(g)}\\cdot\\sqrt{3/${fan}}`);
    case 'he_normal':
    case 'lecun_normal':
      return normal(g / Math.sqrt(fan), `\\sigma = g/\\sqrt{${nFan}}`, `${t(g)}/\\sqrt{${fan}}`);
    case 'torch_default':
      return uniform(1 / Math.sqrt(fanIn), 'a = 1/\\sqrt{n_{in}}', `1/\\sqrt{${fanIn}}`);
    case 'orthogonal':
    case 'lsuv': {
      // lsuv's draw before its data-driven scale (run-kernels.ts applies that): orthonormal, gain 1.
      const { rows, cols } = orthogonalDims(shape);
      const big = Math.max(rows, cols);
      const std = g / Math.sqrt(big);
      const identity = rows >= cols ? 'Q^{\\top}Q = I' : 'QQ^{\\top} = I';
      if (choice.scheme === 'lsuv') {
        // std here is Q's; the scale s is measured on data when a run is built (LayerInfo.initStd = s·std).
        return {
          ...base,
          std,
          bound: null,
          distribution: 'orthogonal',
          formulaTex: `W = s\\,Q,\\ ${identity},\\ s = 1/\\sqrt{\\operatorname{Var}[hQ + b]}`,
          substitutedTex: `W = s\\,Q,\\ Q \\in \\mathbb{R}^{${rows}\\times ${cols}},\\ \\sigma_Q = 1/\\sqrt{${big}} = ${t(std)}`,
        };
      }
      return {
        ...base,
        std,
        bound: null,
        distribution: 'orthogonal',
        formulaTex: `W = g\\,Q,\\ ${identity},\\ \\sigma = g/\\sqrt{\\max(r,c)}`,
        substitutedTex:
          `W = ${t(g)}\\,Q,\\ Q \\in \\mathbb{R}^{${rows}\\times ${cols}},\\ ` + `\\sigma = ${t(g)}/\\sqrt{${big}} = ${t(std)}`,
      };
    }
  }
}
