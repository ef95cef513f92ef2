/**
 * The confidence model's mathematics, without a database: logistic regression recovers a known rule, and the
 * hold-out measures behave as documented.
 */
import { describe, expect, test } from "vitest";
import { evaluate, fitLogistic } from "../../src/ml/logistic.ts";
import { Random } from "../../src/seed/random.ts";

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe("logistic regression", () => {
  test("recovers the coefficients of a known rule from its samples", () => {
    const random = new Random(3);
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 4000; i++) {
      const a = random.between(-1, 1);
      const b = random.between(-1, 1);
      rows.push([a, b]);
      labels.push(random.chance(sigmoid(0.5 + 2 * a - 1 * b)) ? 1 : 0);
    }
    const model = fitLogistic(rows, labels, ["a", "b"], { l2: 0 });
    // Back from standardized units: the coefficient per raw unit is w / scale.
    expect(model.coefficients[0]! / model.scale[0]!).toBeCloseTo(2, 0);
    expect(model.coefficients[1]! / model.scale[1]!).toBeCloseTo(-1, 0);
  });

  test("AUC counts ties as half, and is null without both classes", () => {
    expect(evaluate([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]).auc).toBeCloseTo(0.75, 10);
    expect(evaluate([0.5, 0.5], [0, 1]).auc).toBe(0.5);
    expect(evaluate([0.2, 0.9], [1, 1]).auc).toBeNull();
    expect(evaluate([0.2, 0.9], [0, 1])).toMatchObject({ accuracy: 1, brier: (0.04 + 0.01) / 2 });
  });
});
