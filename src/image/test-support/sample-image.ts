import { type ConfigOptions, imageConfig, type LayerBlob, layer, tarOf } from './fixtures.js';

/** The image most tests share; every figure the tests expect is derived by hand in inspect-image.test.ts. */
export const PASSWD =
  'root:x:0:0:root:/root:/bin/bash\napp:x:1000:1000::/home/app:/bin/sh\ndup:x:1000:1000::/:/bin/sh\n';
export const SHADOW = 'root::19000:0:99999:7:::\napp:!:19000::::::\n';
export const GROUP = 'root:x:0:\napp:x:1000:\n';
export const RECORD =
  'foo/__init__.py,sha256=x,5\nfoo/tests/test_a.py,sha256=y,40\nfoo-1.0.dist-info/RECORD,,\n';
const SITE = 'usr/lib/python3.11/site-packages';

export async function sampleLayers(): Promise<LayerBlob[]> {
  const base = await tarOf([
    { path: 'etc/passwd', content: PASSWD },
    { path: 'etc/shadow', content: SHADOW, mode: 0o640 },
    { path: 'etc/group', content: GROUP },
    { path: 'usr/bin/sh', size: 100, mode: 0o755 },
    { path: 'usr/bin/apt-get', size: 200, mode: 0o755 },
    { path: 'usr/bin/su', size: 50, mode: 0o4755 },
    { path: 'data/big.bin', size: 1000 },
    { path: 'data/dir/a', size: 300 },
    { path: 'data/dir/b', size: 200 },
    { path: 'opq/x', size: 400 },
  ]);
  const second = await tarOf([
    { path: 'data/big.bin', size: 1500 },
    { path: 'data/.wh.dir', size: 0 },
    { path: 'opq/.wh..wh..opq', size: 0 },
    { path: 'opq/y', size: 10 },
    { path: 'root/.cache/pip/http/abc', size: 700 },
    { path: 'tmp/junk', size: 250 },
    { path: 'tmp/junk-link', type: 'link', linkname: 'tmp/junk' },
  ]);
  const third = await tarOf([
    { path: 'tmp/.wh.junk', size: 0 },
    { path: 'app/.git/config', size: 30 },
    { path: 'app/main.py', size: 20 },
    { path: 'app/__pycache__/main.cpython-311.pyc', size: 15 },
    { path: 'app/__pycache__/gone.cpython-311.pyc', size: 12 },
    { path: `${SITE}/foo/__init__.py`, size: 5 },
    { path: `${SITE}/foo/tests/test_a.py`, size: 40 },
    { path: `${SITE}/foo-1.0.dist-info/RECORD`, content: RECORD },
    { path: '../evil', size: 5 },
    { path: '/abs/file', size: 6 },
    { path: 'home/app/id_rsa', size: 3, mode: 0o600 },
  ]);
  return [layer(base, 'gzip'), layer(second, 'zstd'), layer(third, 'none')];
}

export const sampleConfigOptions: ConfigOptions = {
  env: ['PATH=/usr/bin', 'API_TOKEN=abc123'],
  history: ['ADD rootfs.tar /', { empty: 'ENV API_TOKEN=abc123' }, 'RUN pip install foo', 'COPY . /app'],
};

export async function sampleImage() {
  const layers = await sampleLayers();
  return { layers, config: imageConfig(layers, sampleConfigOptions) };
}

const textBytes = PASSWD.length + SHADOW.length + GROUP.length;
/** Hand-derived figures for the sample image. */
export const expected = {
  layerSizes: [
    textBytes + 100 + 200 + 50 + 1000 + 300 + 200 + 400,
    1500 + 10 + 700 + 250,
    30 + 20 + 15 + 12 + 5 + 40 + RECORD.length + 6 + 3,
  ],
  overwritten: 1000, // data/big.bin's first copy
  removed: 500 + 400 + 250, // data/dir by its parent's whiteout, opq/x by the opaque marker, tmp/junk
};
