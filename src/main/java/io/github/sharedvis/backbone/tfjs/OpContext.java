package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * What an operation needs besides its inputs.
 *
 * @param weights the model's engine arrays (convolutions read their filters pre-converted from here)
 * @param node the graph node being evaluated (its attributes)
 * @param op the operation evaluated: the node's own, or {@code Identity} for a node the planner
 *     aliased away ({@link GraphPlan#resolve(String)})
 * @param manager the operation's scope: every temporary it makes is freed when it returns
 * @param dtype the floating-point type of the evaluation (float32, or float64 for a float64 input)
 */
record OpContext(EngineWeights weights, GraphNode node, String op, NDManager manager, DataType dtype) {}
