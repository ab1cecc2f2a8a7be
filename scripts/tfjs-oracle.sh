#!/usr/bin/env bash
# The tfjs oracle for the TF.js graph importer (TfjsOracleTest): installs @tensorflow/tfjs (pure
# JavaScript, CPU backend; no native binaries) from npm into build/node, then runs
# scripts/tfjs_oracle.js on the bundled MoveNet Thunder, CenterNet, FaceRes and MobileFaceNet models
# (from `make models`)
# and writes inputs, node outputs and an input gradient under build/tfjs-oracle/. Idempotent: a model
# whose outputs exist is skipped. Without node, npm or the models it says why and exits 0 (the
# test then skips with the same reason).
set -euo pipefail
cd "$(dirname "$0")/.."
TFJS_VERSION=4.22.0
MODELS=${SHAREDVIS_MODELS:-$HOME/.cache/sharedvis/models}
OUT=build/tfjs-oracle
command -v node >/dev/null || { echo "tfjs-oracle: node not found; TfjsOracleTest will skip"; exit 0; }
if [ ! -f build/node/node_modules/@tensorflow/tfjs/package.json ]; then
  command -v npm >/dev/null || { echo "tfjs-oracle: npm not found; TfjsOracleTest will skip"; exit 0; }
  mkdir -p build/node
  [ -f build/node/package.json ] || echo '{"name":"sharedvis-tfjs-oracle","private":true}' > build/node/package.json
  echo "tfjs-oracle: npm install @tensorflow/tfjs@$TFJS_VERSION into build/node"
  (cd build/node && npm install --no-audit --no-fund --loglevel=error "@tensorflow/tfjs@$TFJS_VERSION" >/dev/null)
fi
M=$MODELS/package/models
if [ ! -f "$M/movenet-thunder.json" ] || [ ! -f "$M/centernet.json" ] || [ ! -f "$M/faceres.json" ] \
  || [ ! -f "$M/mobilefacenet.json" ]; then
  echo "tfjs-oracle: bundled models not found in $M (run make models); TfjsOracleTest will skip"
  exit 0
fi
P=StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1
run() { # name, then oracle arguments
  local name=$1; shift
  if [ -f "$OUT/$name/done" ] && [ "$OUT/$name/done" -nt scripts/tfjs_oracle.js ]; then return; fi
  rm -rf "${OUT:?}/$name"
  echo "tfjs-oracle: $name (pure-JS tfjs, takes a minute)"
  node scripts/tfjs_oracle.js --out "$OUT/$name" "$@" 2>&1 | grep -v -e '^=*$' -e 'tfjs-node' -e 'Hi, looks like' || true
  [ -f "$OUT/$name/nodes.json" ] || { echo "tfjs-oracle: $name failed"; exit 1; }
  touch "$OUT/$name/done"
}
# MoveNet takes int32 pixels then casts: feed the float pixels past the Cast, as sharedvis does.
run movenet-thunder --model "$M/movenet-thunder.json" --seed 3 --batch 1 --feed StatefulPartitionedCall/Cast \
  --nodes "$P/model/block_2_add/add,$P/model/block_16_project_BN/FusedBatchNormV3,$P/up_sampling2d_2/resize/ResizeBilinear,StatefulPartitionedCall/Sigmoid,Identity"
# CenterNet: float input; tf.grad runs through it to an inner node (the gradient oracle).
run centernet --model "$M/centernet.json" --seed 5 --batch 1 \
  --nodes "tower_0/MobilenetV3/expanded_conv_3/squeeze_excite/Mean,tower_0/MobilenetV3/expanded_conv_14/squeeze_excite/Conv_1/mul,tower_0/CenternetHead/concat_2,tower_0/keypoints,tower_0/wh,tower_0/detections" \
  --grad tower_0/CenternetHead/c4_upsample/up_sampling2d_1/ResizeBilinear
# The face networks at their own input ranges (FaceRes 0..255, MobileFaceNet 0..1, as human feeds
# them): inner, embedding and head nodes, and tf.grad of the default readout node (the gradient oracle).
run faceres --model "$M/faceres.json" --seed 7 --batch 1 \
  --nodes "conv_pw_5_relu/clip_by_value,global_pooling/Mean,feats/Relu,gender_pred/Sigmoid,age_pred/Softmax" \
  --grad global_pooling/Mean
run mobilefacenet --model "$M/mobilefacenet.json" --seed 9 --batch 1 --scale 0.00392156862745098 \
  --nodes "MobileFaceNet/MobileFaceNet/Conv2d_4_InvResBlock_2/Add,MobileFaceNet/Logits/SpatialSqueeze,embeddings" \
  --grad MobileFaceNet/Logits/SpatialSqueeze
