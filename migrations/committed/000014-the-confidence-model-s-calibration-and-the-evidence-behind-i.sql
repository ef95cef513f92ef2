--! Previous: sha1:d9fe05cc769a3f3ba8ad0489801360e0bdb645f4
--! Hash: sha1:f028f77386e23af0d171b0f64a7e982a741f89a3
--! Message: The confidence model's calibration and the evidence behind its activation

-- Enter migration here. Keep it idempotent: it runs again on every save.

/*
 * The confidence model's calibration on the hold-out, and the fingerprint of the decisions each version was
 * trained on (training on unchanged decisions adds no version). Columns beside accuracy, AUC and Brier score,
 * for dashboards and for a supervisor checking what a confidence score means; the full report stays in metrics.
 */
alter table app_public.ml_model_weights
  add column if not exists calibration_error numeric(6,5),
  add column if not exists reliability jsonb,
  add column if not exists training_fingerprint text;
alter table app_public.ml_model_weights
  drop constraint if exists chk_ml_model_weights_calibration_error_range,
  drop constraint if exists chk_ml_model_weights_reliability_array;
alter table app_public.ml_model_weights
  add constraint chk_ml_model_weights_calibration_error_range check (calibration_error between 0 and 1),
  add constraint chk_ml_model_weights_reliability_array check (jsonb_typeof(reliability) = 'array');
comment on column app_public.ml_model_weights.calibration_error is
  E'Expected calibration error on the hold-out: predictions put in 10 equal-width bins, the mean over bins of '
  '|mean predicted probability - share accepted|, weighted by the bin''s share of the hold-out (0 is perfect, at most 1).';
comment on column app_public.ml_model_weights.reliability is
  E'Reliability table of the hold-out, one element per bin of predicted probability (all 10, in order): '
  '{from, to, count, meanPredicted, observedRate}; the two means are null for an empty bin, and the counts add up '
  'to holdoutSize. A calibrated model''s observedRate is close to its meanPredicted in every bin.';
comment on column app_public.ml_model_weights.training_fingerprint is
  E'The decisions the version was trained on: their number, the last decision time and a SHA-256 of the features '
  'and of each (recommendation, status) in order. Training declines (UNCHANGED) when the latest version has the same.';
comment on column app_public.ml_model_weights.metrics is
  E'Hold-out report: accuracy, AUC, Brier score of the model, of the base rate and of the active model; the '
  'evidence for activation (AUC with its DeLong standard error and 95 % lower bound, paired Brier test against '
  'the base rate); sample sizes, and why the version was or was not activated.';
comment on constraint chk_ml_model_weights_calibration_error_range on app_public.ml_model_weights is
  E'calibrationError is between 0 and 1.';
comment on constraint chk_ml_model_weights_reliability_array on app_public.ml_model_weights is
  E'reliability is a JSON array of bins.';
