#!/usr/bin/env node
// Times one ONNX model with ONNX Runtime (onnxruntime-node, CPU) and prints
// one JSON object on stdout: {model, threads, warmup, runs, median_ms,
// min_ms, mean_ms, ort_version}.
//
// usage: node ort_bench.js MODEL.onnx -i IN0.npy [-i IN1.npy ...]
//            [--threads=N] [--warmup=W] [--runs=N] [--output-dir=DIR]
//
// Inputs are .npy files in graph-input order. Session options: intra-op
// threads N (default 1), inter-op threads 1, sequential execution, all graph
// optimisations. With --output-dir it also writes DIR/output_<k>.npy and
// DIR/outputs.json like strata-run does, so ORT's results can be checked
// with test/e2e/compare_npy.py. Needs bench/node_modules/onnxruntime-node
// (bench/run_bench.py installs it).
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require(path.join(__dirname, 'node_modules', 'onnxruntime-node'));

// .npy dtype descr <-> ONNX Runtime tensor type and typed array.
const DTYPES = {
  '<f4': ['float32', Float32Array], '<f8': ['float64', Float64Array],
  '<i4': ['int32', Int32Array], '<i8': ['int64', BigInt64Array],
  '|u1': ['uint8', Uint8Array], '|i1': ['int8', Int8Array], '|b1': ['bool', Uint8Array],
};
const NUMPY_NAMES = {
  float32: 'float32', float64: 'float64', int32: 'int32', int64: 'int64',
  uint8: 'uint8', int8: 'int8', bool: 'bool',
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  if (buf.toString('latin1', 0, 6) !== '\x93NUMPY') throw new Error(`${file}: not a .npy file`);
  const major = buf[6];
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLen;
  const header = buf.toString('latin1', major === 1 ? 10 : 12, start);
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1]
    .split(',').map((s) => s.trim()).filter((s) => s).map(Number);
  if (!DTYPES[descr]) throw new Error(`${file}: unsupported dtype ${descr}`);
  const [type, Ctor] = DTYPES[descr];
  const bytes = buf.subarray(start);
  // Copy so the typed array is aligned.
  const data = new Ctor(new Uint8Array(bytes).buffer);
  return new ort.Tensor(type, type === 'bool' ? Array.from(data, Boolean) : data, shape);
}

function writeNpy(file, tensor) {
  const descr = Object.keys(DTYPES).find((d) => DTYPES[d][0] === tensor.type);
  if (!descr) throw new Error(`cannot write tensor type ${tensor.type}`);
  const dims = tensor.dims.map(String);
  const shape = dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  header += ' '.repeat(63 - ((10 + header.length) % 64)) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1; pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  const data = tensor.type === 'bool' ? Uint8Array.from(tensor.data, Number) : tensor.data;
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  fs.writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), body]));
}

function parseArgs(argv) {
  const opts = { inputs: [], threads: 1, warmup: 3, runs: 20, outputDir: null, model: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)=(.*)$/.exec(a);
    if (a === '-i' || a === '--input') opts.inputs.push(argv[++i]);
    else if (m && m[1] === 'threads') opts.threads = Number(m[2]);
    else if (m && m[1] === 'warmup') opts.warmup = Number(m[2]);
    else if (m && m[1] === 'runs') opts.runs = Number(m[2]);
    else if (m && m[1] === 'output-dir') opts.outputDir = m[2];
    else if (a === '-h' || a === '--help') opts.help = true;
    else if (!a.startsWith('-') && !opts.model) opts.model = a;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
    if (opts.help || !opts.model) throw new Error('no model given');
  } catch (e) {
    console.error(`ort_bench: ${e.message}\nusage: node ort_bench.js MODEL.onnx -i IN.npy ... ` +
      '[--threads=N] [--warmup=W] [--runs=N] [--output-dir=DIR]');
    process.exit(2);
  }
  const session = await ort.InferenceSession.create(opts.model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  if (opts.inputs.length !== session.inputNames.length) {
    throw new Error(`model has ${session.inputNames.length} inputs, got ${opts.inputs.length}`);
  }
  const feeds = {};
  session.inputNames.forEach((name, k) => { feeds[name] = readNpy(opts.inputs[k]); });

  let outputs;
  for (let i = 0; i < opts.warmup; i++) outputs = await session.run(feeds);
  const times = [];
  for (let i = 0; i < opts.runs; i++) {
    const t0 = process.hrtime.bigint();
    outputs = await session.run(feeds);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (!outputs) outputs = await session.run(feeds);

  if (opts.outputDir) {
    fs.mkdirSync(opts.outputDir, { recursive: true });
    const listing = session.outputNames.map((name, k) => {
      const t = outputs[name];
      writeNpy(path.join(opts.outputDir, `output_${k}.npy`), t);
      return { index: k, name, shape: t.dims.map(Number), dtype: NUMPY_NAMES[t.type] || t.type };
    });
    fs.writeFileSync(path.join(opts.outputDir, 'outputs.json'), JSON.stringify(listing, null, 1));
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length === 0 ? null
    : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  console.log(JSON.stringify({
    model: opts.model, threads: opts.threads, warmup: opts.warmup, runs: opts.runs,
    median_ms: median, min_ms: sorted.length ? sorted[0] : null,
    mean_ms: sorted.length ? times.reduce((a, b) => a + b, 0) / times.length : null,
    ort_version: ort.env.versions.common,
  }));
}

main().catch((e) => { console.error(`ort_bench: error: ${e.message}`); process.exit(1); });
