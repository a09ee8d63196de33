/** Batch norm and residual zero-init: the two structural reasons init matters less, and their limits. */
import { isResidual, type Experiment, type ZeroInitMode } from '../../experiment/config';
import { planVariants, variantLabel } from '../../experiment/plan';
import { isPositivelyHomogeneous } from '../../engine/signal/act-math';
import { ACT_NAMES } from '../activation-math';
import { fmt } from '../format';
import { predictSignal } from '../signal';
import { tex, type Card, type LiveNumber } from '../types';

const usesBn = (e: Experiment) => e.bn.some((b) => b !== 'none');

export const batchnormCard: Card = {
  id: 'batchnorm',
  title: 'Does batch norm make initialization matter less?',
  difficulty: 'medium',
  short: () =>
    'Much less, but not zero: a layer followed by batch norm computes the same function when its weights are multiplied by any c > 0, since BN divides the scale back out, so a poorly scaled σ no longer makes activations grow or shrink with depth. What is left: the scale still sets the effective learning rate (the gradient scales as 1/c); a layer with no BN after it, such as the output layer, still needs a sensible scale; zeros and constants are still symmetric; and deep BN nets without skip connections still have gradients that explode with depth at init.',
  reasoning: (ctx) => [
    [
      'Scale invariance: ',
      tex(
        '\\mathrm{BN}(cWx)=\\mathrm{BN}(Wx)\\ (c>0)\\ \\Rightarrow\\ \\nabla_{cW}L=\\tfrac1c\\nabla_{W}L',
        'batch norm of c W x equals batch norm of W x for positive c, so the gradient at c W is one over c times the gradient at W',
      ),
      ' (up to BN’s small ε). The gradient is also orthogonal to W. So a step of size η moves the direction of W by about η/‖W‖²: a large initial scale means slow learning, a small one means large, noisy steps. And since each step adds an orthogonal component, ‖W‖ only grows under plain SGD, which acts as an automatic learning-rate decay (van Laarhoven 2017; Arora et al. 2019).',
    ],
    [
      `Placement matters. BN before the activation (this lab’s bn=before) makes the layer exactly scale-invariant for any activation. BN after it (bn=after) removes the scale only when the activation is positively homogeneous (ReLU, leaky ReLU, linear), where f(cz) = c·f(z); with tanh the kernel’s scale still decides how far tanh saturates before BN rescales.${usesBn(ctx.experiment) ? ` Your experiment uses bn=${ctx.experiment.bn.join(',')} with ${ACT_NAMES[ctx.experiment.act]}.` : ''}`,
    ],
    [
      'What BN cannot fix. All-zero weights give every unit a pre-activation of 0 for every input; BN maps that to β = 0, and the units stay identical. The output layer has no BN after it, so its σ sets the initial logits and the initial loss. Yang et al. (2019) showed that a deep plain (no skip connections) BN network has gradients that grow exponentially with depth at init, whatever the weight scale. And the bias before a BN layer is redundant: the mean subtraction removes it.',
    ],
    [
      'A lab detail: BN’s moving mean and variance start at 0 and 1 and follow the batches with momentum 0.9 here, so evaluation in inference mode during the first few dozen steps uses statistics that have not caught up yet. Early validation points of BN runs can look worse than training does.',
    ],
  ],
  formula: tex(
    '\\mathrm{BN}(cWx)=\\mathrm{BN}(Wx),\\qquad \\nabla_{cW}L=\\tfrac{1}{c}\\,\\nabla_{W}L',
    'batch norm of c W x equals batch norm of W x; the gradient at c W is one over c times the gradient at W',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    const withBn = planVariants(e)
      .map((v, i) => ({ v, i }))
      .filter(({ v }) => v.bn !== 'none');
    if (withBn.length === 0) {
      return [
        {
          text: 'Your net has no batch norm. With bn=before, the scale of every hidden kernel would drop out of the forward pass; only the output layer’s would remain.',
        },
      ];
    }
    const lines: LiveNumber[] = [];
    if (e.bn.includes('after') && !isPositivelyHomogeneous(e.act)) {
      lines.push({
        text: `With bn=after, BN sits after ${ACT_NAMES[e.act]}, which is not scale-homogeneous: the hidden kernels’ σ still sets how saturated ${ACT_NAMES[e.act]} is at init.`,
      });
    }
    for (const { v, i } of withBn) {
      const label = variantLabel(v, e);
      if (v.init.scheme === 'zeros' || v.init.scheme === 'constant') {
        lines.push({
          text: `${label}: every unit sees the same pre-activation, BN maps it to β = 0 for all of them, and they stay identical.`,
          variant: i,
        });
        continue;
      }
      const head = predictSignal(e, v.init, v.bn)?.find((s) => s.label === 'out');
      if (head) {
        lines.push({
          text: `${label}: the output layer is not followed by BN; its predicted logit std at init is ${fmt(head.preStd)}.`,
          variant: i,
          layers: ['out'],
          values: { logitStd: head.preStd },
        });
      }
    }
    return lines;
  },
  demo: {
    label: 'BN before ReLU: zeros, σ = 0.001, σ = 1 and He',
    query: 'arch=mlp&depth=10&width=256&act=relu&bn=before&init=zeros,normal:std=0.001,normal:std=1,he_normal&opt=sgd&lr=0.05&steps=300',
  },
};

const ZERO_WHAT: Record<Exclude<ZeroInitMode, 'none'>, string> = {
  kernel:
    'each branch’s last kernel is 0, so at step 1 only that kernel (and the layers outside the branches) get a gradient; the branch’s earlier layers start learning from step 2, once it is non-zero. Without BN the branch then grows as gently as that kernel does; with BN after it, it does not (see why below)',
  gamma:
    'each branch’s last batch-norm γ is 0, so at step 1 only that γ and its β (and the layers outside the branches) get a gradient; the branch’s kernels start learning once γ is non-zero',
  alpha:
    'each branch is multiplied by a scalar α that starts at 0 (SkipInit/ReZero), so at step 1 only the α’s (and the layers outside the branches) get a gradient',
  both: 'each branch’s last kernel and last γ are both 0: each one’s gradient is proportional to the other, so neither ever moves, and each branch stays off for the whole run except for its last β, which adds the same learned constant for every input',
};

export const residualCard: Card = {
  id: 'residual',
  title: 'Why zero-initialize the last layer of each residual branch?',
  difficulty: 'hard',
  short: () =>
    'So that every residual block x + F(x) starts as the identity and a network of any depth starts out as a shallow one. If the branch’s last layer, the γ of its last batch norm, or a scalar α multiplying it starts at 0, then F(x) = 0: signals and gradients pass through the skip paths untouched, and each branch switches on as its last parameter moves away from 0. Only one factor may start at zero: if the last kernel and the γ that multiplies it are both 0, the gradient of each is proportional to the other, and both stay 0 forever.',
  reasoning: () => [
    [
      'Without it, depth inflates the signal: x_{l+1} = x_l + F(x_l), and a variance-preserving branch uncorrelated with its input gives Var(x_{l+1}) = 2·Var(x_l), a factor 2^L over L blocks. Zero-init removes that, and the net starts as a shallow one, which is easy to optimize.',
    ],
    [
      'Who did what. Goyal et al. (2017), training ImageNet ResNets with very large batches, set γ = 0 in the last BN of every block. Fixup (Zhang, Dauphin and Ma 2019) drops normalization: it zero-initializes the last layer of each branch and the classifier, rescales the other branch layers by L^(−1/(2m−2)) for m layers per branch, and adds scalar biases and a multiplier. SkipInit (De and Smith 2020) and ReZero (Bachlechner et al. 2020) put a learnable scalar α, initialized at 0, in front of each branch.',
    ],
    [
      'Why both at zero fails. Write the branch output as ',
      tex(
        'F(x)=\\gamma\\odot\\hat u+\\beta,\\ \\ \\hat u=\\mathrm{BN}(Wh)',
        'F of x equals gamma times u hat plus beta, where u hat is batch norm of W h',
      ),
      '. Then ∂L/∂γ = Σ g ⊙ û and ∂L/∂W passes through γ, so it carries a factor γ. With W = 0, Wh = 0 for every example and BN maps it to û = 0, so γ’s gradient is 0; with γ = 0, W’s gradient is 0. Neither can move first. β still learns, but it is the same for every input, and it never makes û non-zero. The same holds for α·F(x) with a zero last kernel: ∂L/∂α = ⟨g, F(x)⟩ = 0 and ∂L/∂W ∝ α = 0. In general, for a product of two parameters, each one’s gradient is proportional to the other, so (0, 0) is a saddle that SGD, momentum and Adam never leave. Zero one factor and keep the other at its usual init.',
    ],
    [
      'With batch norm, zero γ, not the kernel. A zeroed kernel before a BN layer keeps F(x) = 0 for one step only. BN divides the kernel’s output Wh by its batch std, which is √(0 + ε) = √ε ≈ 0.003 at init (ε = 10⁻⁵ here), so the first gradient reaching W is amplified by up to 1/√ε ≈ 316 (tens to hundreds of times what the same kernel gets without BN). After that step W is no longer 0, and BN rescales Wh to unit variance whatever W’s size: the branch is fully on from step 2, and the trunk grows block by block as if there were no zero-init. γ multiplies after the normalisation, so with zero=gamma the branch stays off until γ itself grows, which it does gently.',
    ],
  ],
  formula: tex(
    'x_{l+1}=x_l+\\alpha_l F_l(x_l),\\quad \\frac{\\partial L}{\\partial\\alpha_l}=\\Big\\langle\\frac{\\partial L}{\\partial x_{l+1}},F_l(x_l)\\Big\\rangle,\\quad \\frac{\\partial L}{\\partial\\theta_{F_l}}\\propto\\alpha_l',
    'x l plus 1 equals x l plus alpha l times F l of x l; the gradient for alpha l is the inner product of the upstream gradient with F l of x l; the gradient for the branch parameters is proportional to alpha l',
  ),
  live: (ctx) => {
    const e = ctx.experiment;
    if (!isResidual(e.arch)) {
      return [{ text: `Your ${e.arch.toUpperCase()} has no residual branches; zero-init applies to arch=resmlp or rescnn.` }];
    }
    const lines: LiveNumber[] = [
      {
        text: `With ${e.depth} blocks and no zero-init, variance-preserving branches uncorrelated with their input would double the variance per block: 2^${e.depth} = ${fmt(2 ** e.depth)}.`,
        values: { growth: 2 ** e.depth },
      },
    ];
    for (const mode of e.zero) if (mode !== 'none') lines.push({ text: `zero=${mode}: ${ZERO_WHAT[mode]}.` });
    if (e.zero.includes('kernel') && e.bn.some((b) => b !== 'none')) {
      lines.push({
        text: 'zero=kernel with batch norm: BN after the zeroed kernel divides by √ε ≈ 0.003, so that kernel’s first gradient is amplified up to 316×, and from step 2 BN rescales the branch to unit variance: it is fully on after one step. With BN, zero=gamma is the mode that keeps each branch off until it learns to switch on.',
      });
    }
    if (e.zero.some((z) => z === 'gamma' || z === 'both') && e.bn.includes('none')) {
      lines.push({
        text: 'In variants without batch norm there is no γ to zero, so zero=gamma has nothing to act on there (and zero=both acts as zero=kernel).',
      });
    }
    planVariants(e).forEach((v, i) => {
      if (v.init.scheme === 'zeros' && (v.zero === 'gamma' || v.zero === 'alpha') && (v.zero === 'alpha' || v.bn !== 'none')) {
        lines.push({
          text: `${variantLabel(v, e)}: the branch kernels and the ${v.zero === 'gamma' ? 'γ' : 'α'} that multiplies them are both 0, so neither ever gets a gradient.`,
          variant: i,
        });
      }
    });
    return lines;
  },
  demo: {
    label: '16 residual blocks: no zero-init, last kernel, last γ, and both',
    query: 'arch=resmlp&depth=16&width=128&act=relu&init=he_normal&bn=before&zero=none,kernel,gamma,both&opt=sgd&lr=0.05&steps=300',
  },
};
