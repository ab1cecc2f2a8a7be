#!/usr/bin/env node
// Independent oracle for the TF.js graph importer: runs a graph model with @tensorflow/tfjs (pure
// JavaScript, CPU backend) and writes inputs, node outputs and input gradients as .npy files that
// the Java tests compare against (TfjsOracleTest). Installed by `make tfjs-oracle` into build/node.
//
// usage: node scripts/tfjs_oracle.js --model M.json --out DIR --seed S --batch N
//            [--nodes a,b,c] [--grad NODE] [--feed NODE] [--bench K] [--scale S]
//   --nodes  node names whose outputs are written as DIR/<index>.npy (see DIR/nodes.json)
//   --grad   writes DIR/grad.npy = d sum(v * NODE(x)) / dx with v = DIR/grad_v.npy (deterministic)
//   --feed   feed the float input at this node instead of the model input (e.g. the Cast after an
//            int32 input), which is what makes a gradient through the pixels possible
//   --bench  times K forward+backward passes instead (prints JSON with ms per pass)
//   --scale  multiplies the integer pixels 0..255 (e.g. 0.00392156862745098 = 1/255 for a model fed
//            0..1); default 1. A float input only: an int32 model input takes the integers
//   --time   also times one more forward of the --nodes (after the one that writes them): msForward
'use strict';
const path = require('path');
const fs = require('fs');
const nodeModules = process.env.TFJS_NODE_MODULES || path.join(__dirname, '..', 'build', 'node', 'node_modules');
const tf = require(path.join(nodeModules, '@tensorflow', 'tfjs'));

function args() {
  const a = {};
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i += 2) a[v[i].replace(/^--/, '')] = v[i + 1];
  return a;
}

// A small deterministic generator (same stream for every run of the same seed).
function rng(seed) {
  let s = (seed >>> 0) || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function writeNpy(file, shape, data, descr) {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head.writeUInt8(1, 6); head.writeUInt8(0, 7); head.writeUInt16LE(header.length, 8);
  const body = descr === '<i4' ? Buffer.from(Int32Array.from(data).buffer) : Buffer.from(Float32Array.from(data).buffer);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, 'latin1'), body]));
}

async function loadModel(file) {
  const json = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dir = path.dirname(file);
  const specs = [];
  const bufs = [];
  for (const g of json.weightsManifest) {
    for (const p of g.paths) bufs.push(fs.readFileSync(path.join(dir, p)));
    specs.push(...g.weights);
  }
  const all = Buffer.concat(bufs);
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  return tf.loadGraphModel({
    load: async () => ({ modelTopology: json.modelTopology, weightSpecs: specs, weightData,
      format: json.format, generatedBy: json.generatedBy, convertedBy: json.convertedBy,
      signature: json.signature, userDefinedMetadata: json.userDefinedMetadata }),
  });
}

async function main() {
  const a = args();
  await tf.setBackend('cpu');
  const model = await loadModel(a.model);
  const input = model.inputs[0];
  const shape = input.shape.slice();
  const batch = parseInt(a.batch || '1', 10);
  shape[0] = batch;
  const size = shape.reduce((x, y) => x * y, 1);
  const r = rng(parseInt(a.seed || '1', 10));
  // integer pixel values 0..255, so the int32 model input and the float input past its Cast agree
  const pixels = new Float32Array(size);
  for (let i = 0; i < size; i++) pixels[i] = Math.floor(r() * 256);
  const scale = parseFloat(a.scale || '1');
  if (scale !== 1) {
    if (!a.feed && input.dtype === 'int32') throw new Error('--scale needs a float input; ' + input.name + ' is int32');
    for (let i = 0; i < size; i++) pixels[i] = Math.fround(pixels[i] * scale);
  }
  fs.mkdirSync(a.out, { recursive: true });
  writeNpy(path.join(a.out, 'input_nhwc.npy'), shape, pixels, '<f4');
  const feedName = a.feed || input.name;
  const x = a.feed || input.dtype !== 'int32' ? tf.tensor(pixels, shape, 'float32') : tf.tensor(pixels, shape, 'int32');
  const nodes = a.nodes ? a.nodes.split(',') : [];

  if (a.bench) {
    // forward+backward of sum(NODE) w.r.t. the fed pixels; pure-JS backward is slow (minutes for
    // MoveNet Thunder), so the forward is warmed up once but the backward is timed cold, K times
    const k = parseInt(a.bench, 10);
    const node = a.grad;
    const fwd = (xx) => model.execute({ [feedName]: xx }, node);
    tf.dispose(fwd(x));
    let t0 = process.hrtime.bigint();
    tf.dispose(fwd(x));
    const msForward = Number(process.hrtime.bigint() - t0) / 1e6;
    const g = tf.grad((xx) => tf.sum(fwd(xx)));
    t0 = process.hrtime.bigint();
    for (let i = 0; i < k; i++) tf.dispose(g(x));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6 / k;
    console.log(JSON.stringify({ backend: tf.getBackend(), tfjs: tf.version.tfjs, node, feed: feedName, batch,
      msForward, msPerForwardBackward: ms }));
    return;
  }

  const meta = [];
  if (nodes.length) {
    const outs = model.execute({ [feedName]: x }, nodes);
    const list = Array.isArray(outs) ? outs : [outs];
    for (let i = 0; i < nodes.length; i++) {
      const t = list[i];
      const isInt = t.dtype === 'int32' || t.dtype === 'bool';
      writeNpy(path.join(a.out, `${i}.npy`), t.shape, await t.data(), isInt ? '<i4' : '<f4');
      meta.push({ node: nodes[i], file: `${i}.npy`, shape: t.shape, dtype: t.dtype });
    }
    tf.dispose(list);
  }
  let msForward = null;
  if (a.time && nodes.length) {
    const t0 = process.hrtime.bigint();
    tf.dispose(model.execute({ [feedName]: x }, nodes));
    msForward = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const writeMeta = (grad) => fs.writeFileSync(path.join(a.out, 'nodes.json'), JSON.stringify({ model: a.model,
    feed: feedName, seed: a.seed, scale: parseFloat(a.scale || '1'), batch, tfjs: tf.version.tfjs, outputs: meta, grad,
    msForward }, null, 1));
  writeMeta(null);
  if (a.grad) {
    const probe = model.execute({ [feedName]: x }, a.grad);
    const vr = rng(parseInt(a.seed || '1', 10) + 7);
    const v = new Float32Array(probe.size);
    for (let i = 0; i < v.length; i++) v[i] = vr() * 2 - 1;
    writeNpy(path.join(a.out, 'grad_v.npy'), probe.shape, v, '<f4');
    const vt = tf.tensor(v, probe.shape);
    tf.dispose(probe);
    const g = tf.grad((xx) => tf.sum(tf.mul(model.execute({ [feedName]: xx }, a.grad), vt)));
    const gx = g(a.feed ? x : tf.cast(x, 'float32'));
    writeNpy(path.join(a.out, 'grad.npy'), gx.shape, await gx.data(), '<f4');
    writeMeta({ node: a.grad, feed: feedName, v: 'grad_v.npy', file: 'grad.npy' });
  }
}

main().catch((e) => { console.error(e.stack || e); process.exit(1); });
