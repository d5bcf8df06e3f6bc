/**
 * Layer kinds: each layer type a config can name, registered under its config key, with its option
 * schema, how it builds the layer, and its trace formulas. Part of cnnbp's public API for plugins
 * (with {@link cnnbp.layer.Layer}, {@link cnnbp.layer.Param}, {@link cnnbp.tensor.Tensor} and
 * {@link cnnbp.check.LayerCheck}); see docs/extending.md.
 */
package cnnbp.kind;
