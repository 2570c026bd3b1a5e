import { it } from 'vitest';
import { parseDockerfile } from './index.js';
it('scratch', async () => {
const t = `FROM python:3.12\nRUN sh -c "apt-get update && \\\n  apt-get install -y \\"curl\\" | tee x" && exec gosu app bash -lc 'pip install -r req.txt'\nCMD ["/bin/sh", "-c", "gunicorn --config /x.py \\"app:app\\""]\nHEALTHCHECK CMD ["sh", "-c", "curl -f http://localhost:8000/ || exit 1"]\nRUN su app -c "uv sync --frozen"\n`;
const d = await parseDockerfile(t);
for (const i of d.instructions) { for (const c of [...(i.shell?.commands??[]), ...(i.execScript?.commands??[])]) console.log(JSON.stringify([i.keyword, c.depth, c.pipeline, c.operatorBefore, c.name, c.args.map(a=>a.value), c.args.map(a=>t.slice(a.range.start.offset,a.range.end.offset)), c.text])); }
});
