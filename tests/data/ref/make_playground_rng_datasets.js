// Regenerates playground_seedrandom.json and playground_datasets.json (test vectors
// for tui_playground/engine/rng.py and datasets.py) from the original JavaScript:
//   npm pack seedrandom@2.4.4 d3@3.5.17   (untar each; point SEEDRANDOM / D3 at them)
//   tensorflow/playground src/dataset.ts transpiled to CommonJS ES5 (typescript's
//   transpileModule) as DATASET, with require("d3") resolvable to d3 3.5.17.
// Usage: SEEDRANDOM=.../seedrandom.js DATASET=.../dataset.js node make_playground_rng_datasets.js OUTDIR
const fs = require('fs');
const crypto = require('crypto');
require(process.env.SEEDRANDOM);
const ds = require(process.env.DATASET);
const outdir = process.argv[2];

function draws(seed, count) {
  Math.seedrandom(seed);
  const values = [];
  for (let i = 0; i < count; i++) values.push(Math.random());
  return values;
}

const long = Array.from({length: 300}, (_, i) => String.fromCharCode(33 + (i % 90))).join('');
const seeds = ['1', 'hello.', '', '0.59624', '0.00001', 'é\u{1F600}x', long];
const checkpoints = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 99, 999, 9999, 19999];
const rng = {
  note: 'seedrandom 2.4.4 under node: Math.seedrandom(seed); Math.random() at the listed draw indices; ' +
    'shuffle: the playground Fisher-Yates of [0..19] after seeding; toFixed: [x, x.toFixed(5), x.toFixed(2)].',
  streams: seeds.map(seed => {
    const all = draws(seed, 20000);
    return {seed, checkpoints: checkpoints.map(i => [i, all[i]])};
  }),
  shuffles: ['1', 'shuffle', '0.31416'].map(seed => {
    Math.seedrandom(seed);
    const items = Array.from({length: 20}, (_, i) => i);
    ds.shuffle(items);
    return {seed, result: items};
  }),
  toFixed: [],
};
Math.seedrandom('toFixed');
for (let i = 0; i < 400; i++) {
  const x = (Math.random() - 0.2) * Math.pow(10, (i % 7) - 3);
  rng.toFixed.push([x, x.toFixed(5), x.toFixed(2)]);
}
for (const x of [0.5, 1.5, 2.5, 0.125, 0.000005, 0.000015, 1e-7, 123.456785, 0.05, 1e20, 9.999995, 0.999995, 1.005, -0.000001, -0]) {
  rng.toFixed.push([x, x.toFixed(5), x.toFixed(2)]);
}
fs.writeFileSync(outdir + '/playground_seedrandom.json', JSON.stringify(rng, null, 1) + '\n');

const GEN = {circle: ds.classifyCircleData, xor: ds.classifyXORData, gauss: ds.classifyTwoGaussData,
  spiral: ds.classifySpiralData, 'reg-plane': ds.regressPlane, 'reg-gauss': ds.regressGaussian};
function digest(points) {
  const a = new Float64Array(points.length * 3);
  points.forEach((p, i) => { a[3 * i] = p.x; a[3 * i + 1] = p.y; a[3 * i + 2] = p.label; });
  return crypto.createHash('sha256').update(Buffer.from(a.buffer)).digest('hex');
}
const cases = [
  ['circle', 0, 50, '1'], ['circle', 25, 70, '0.59624'],
  ['xor', 0, 50, '0.12345'], ['xor', 40, 30, 'xor seed'],
  ['gauss', 0, 50, '0.5'], ['gauss', 50, 90, '0.99999'],
  ['spiral', 0, 50, '0.31416'], ['spiral', 30, 60, '0.00042'],
  ['reg-plane', 0, 50, '0.27182'], ['reg-plane', 45, 10, '7'],
  ['reg-gauss', 0, 50, '0.16180'], ['reg-gauss', 20, 80, '0.70000'],
];
const data = {
  note: 'Playground data sets made by tensorflow/playground src/dataset.ts (transpiled) with seedrandom 2.4.4 ' +
    'and d3 3.5.17 under node, as generateData does (seed, generate, shuffle, split); sha256 over the ' +
    'float64 little-endian (x, y, label) rows; next_random is the draw after the shuffle.',
  cases: cases.map(([name, noise, pct, seed]) => {
    Math.seedrandom(seed);
    const points = GEN[name](name.startsWith('reg-') ? 1200 : 500, noise / 100);
    const generated_first3 = points.slice(0, 3);
    ds.shuffle(points);
    const split = Math.floor(points.length * pct / 100);
    const train = points.slice(0, split), test = points.slice(split);
    return {dataset: name, noise, percTrainData: pct, seed, generated_first3,
      train_first3: train.slice(0, 3), test_first3: test.slice(0, 3),
      n_train: train.length, n_test: test.length,
      train_sha256: digest(train), test_sha256: digest(test), next_random: Math.random()};
  }),
};
fs.writeFileSync(outdir + '/playground_datasets.json', JSON.stringify(data, null, 1) + '\n');
