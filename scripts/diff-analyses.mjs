// Compare two dumps of scripts/dump-analyses.mjs: node scripts/diff-analyses.mjs before.json after.json
import fs from 'node:fs';
const a=JSON.parse(fs.readFileSync(process.argv[2])), b=JSON.parse(fs.readFileSync(process.argv[3]));
let same=0; const diffs=[];
function walk(x,y,path,out){
  if (JSON.stringify(x)===JSON.stringify(y)) return;
  if (x&&y&&typeof x==='object'&&typeof y==='object'&&!Array.isArray(x)) {
    for (const k of new Set([...Object.keys(x),...Object.keys(y)])) walk(x[k],y[k],path+'.'+k,out);
    return;
  }
  if (Array.isArray(x)&&Array.isArray(y)&&x.length===y.length){ x.forEach((v,i)=>walk(v,y[i],path+'['+i+']',out)); return;}
  out.push(path+': '+JSON.stringify(x)?.slice(0,150)+' -> '+JSON.stringify(y)?.slice(0,150));
}
for (const k of new Set([...Object.keys(a),...Object.keys(b)])) {
  const out=[]; walk(a[k],b[k],k,out);
  if(out.length===0) same++; else diffs.push(...out.slice(0,4), ...(out.length>4?[`  … ${out.length-4} more`]:[]));
}
console.log('identical results:', same, 'of', Object.keys(a).length);
console.log(diffs.join('\n'));
