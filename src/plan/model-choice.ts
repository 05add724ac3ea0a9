/**
 * Simpler-model analysis: each model variant (and the cascade, when one is configured) of an
 * inference workload at the same traffic, with its cost per million requests, accuracy, SLO
 * attainment, and what each accuracy point costs relative to the cheapest option.
 */
export interface ModelOption {
  readonly label: string;
  readonly accuracy: number | undefined;
  readonly costUsd: number;
  readonly requestsServed: number;
  readonly p99Ms: number;
  readonly sloAttainment: number;
  readonly sloMet: boolean | undefined;
}

export interface ModelChoiceRow extends ModelOption {
  readonly usdPerMillionRequests: number;
  /** Extra cost over the cheapest option per extra accuracy point (0.01), USD; undefined when not comparable. */
  readonly usdPerAccuracyPointOverCheapest: number | undefined;
  /** Against the most accurate option: accuracy points given up per $1,000 saved. */
  readonly pointsLostPerThousandUsdSaved: number | undefined;
}

export function modelChoice(options: readonly ModelOption[]): ModelChoiceRow[] {
  const cheapest = [...options].sort((a, b) => a.costUsd - b.costUsd)[0];
  const withAccuracy = options.filter((o) => o.accuracy !== undefined);
  const best = [...withAccuracy].sort((a, b) => b.accuracy! - a.accuracy! || a.costUsd - b.costUsd)[0];
  return options.map((o) => {
    const perM = o.requestsServed > 0 ? (o.costUsd / o.requestsServed) * 1e6 : NaN;
    let perPoint: number | undefined;
    if (cheapest && o !== cheapest && o.accuracy !== undefined && cheapest.accuracy !== undefined && o.accuracy !== cheapest.accuracy) {
      perPoint = (o.costUsd - cheapest.costUsd) / ((o.accuracy - cheapest.accuracy) * 100);
    }
    let lost: number | undefined;
    if (best && o !== best && o.accuracy !== undefined && best.costUsd > o.costUsd) {
      lost = ((best.accuracy! - o.accuracy) * 100) / ((best.costUsd - o.costUsd) / 1000);
    }
    return { ...o, usdPerMillionRequests: perM, usdPerAccuracyPointOverCheapest: perPoint, pointsLostPerThousandUsdSaved: lost };
  });
}
