/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` markers in a Markdown page (README.md by default). */
export function renderReadme(readme, sections, page = 'README.md') {
  let out = readme;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?\\n?(<!-- ${name}:end -->)`);
    if (!pattern.test(out)) throw new Error(`${page} has no <!-- ${name}:start --> … <!-- ${name}:end --> section`);
    out = out.replace(pattern, (_m, start, end) => `${start}${body}\n${end}`);
  }
  return out;
}

/** Replaces the lines between `# settings:start` and `# settings:end` in meltano.yml. */
export function renderMeltanoYml(yml, settingsYaml) {
  const pattern = /(# settings:start[^\n]*\n)[\s\S]*?(# settings:end)/;
  if (!pattern.test(yml)) throw new Error('meltano.yml has no # settings:start … # settings:end section');
  return yml.replace(pattern, (_m, start, end) => `${start}${settingsYaml}\n${end}`);
}
