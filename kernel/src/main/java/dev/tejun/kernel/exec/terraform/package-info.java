/**
 * The {@code terraform} cell: the body is HCL (or {@code dir=} names a module folder in the runbooks folder). It
 * runs in a workspace under {@code DATA/terraform/} that keeps the state between runs, with
 * {@code terraform.tfvars.json} generated from the run's params and the CMDB ({@code vars-from=SHEET}).
 * {@link dev.tejun.kernel.exec.terraform.TerraformVariables} reports variables without a value before anything
 * runs; {@link dev.tejun.kernel.exec.terraform.JsonUi} reads Terraform's machine-readable UI ({@code -json}) into
 * readable lines and an add/change/destroy summary. {@code plan} by default; {@code apply=true} applies the plan
 * the previous run saved, and nothing else.
 */
package dev.tejun.kernel.exec.terraform;
