package io.stressfw.orchestrator.adaptive;

/** One evaluation: the degradation score (0 = perfect, 1 = broken), the decision and the load it leads to. */
public record AdaptiveStep(AdaptiveDecision decision, double score, double previousLoad, double nextLoad) {
}
