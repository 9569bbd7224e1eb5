/**
 * `usdiag completion bash|zsh`: a completion script made from the program's
 * own command and option definitions (so it never drifts from them), with
 * the catalogue ids for `check` and `show` (comma lists too), the formats and
 * languages, and file names where an option takes a file.
 */
import type { Command } from 'commander';
import { CHECK_IDS } from '../core.js';
import { msgText } from '../i18n/messages.js';
import { type CliIO, UsageError } from './io.js';

interface Spec {
  readonly name: string;
  readonly options: readonly string[];
  /** Options whose value is a file or directory. */
  readonly fileOptions: readonly string[];
}

const FILE_OPTION = /^--(inventory|output|identity|known-hosts|from|save-raw|ssh-config|file)$/;
const VALUES: Readonly<Record<string, string>> = {
  '--format': 'text json junit',
  '--lang': 'en zh',
  '--role': 'vms vks',
};

function specs(program: Command): Spec[] {
  return program.commands.map((c) => {
    const options = c.options.map((o) => o.long).filter((o): o is string => o !== undefined);
    return { name: c.name(), options: [...options, '--help'], fileOptions: options.filter((o) => FILE_OPTION.test(o)) };
  });
}

export function bashCompletion(program: Command): string {
  const cmds = specs(program);
  const cases = cmds.map((c) => `    ${c.name}) opts="${c.options.join(' ')}"; files="${c.fileOptions.join(' ')}" ;;`).join('\n');
  const values = Object.entries(VALUES).map(([o, v]) => `    ${o}) COMPREPLY=( $(compgen -W "${v}" -- "$cur") ); return ;;`).join('\n');
  return `# usdiag bash completion: source <(usdiag completion bash)
_usdiag() {
  local cur prev cmd opts files ids
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev="\${COMP_WORDS[COMP_CWORD-1]}"
  cmd="\${COMP_WORDS[1]}"
  ids="${CHECK_IDS.join(' ')}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${cmds.map((c) => c.name).join(' ')} --help --version" -- "$cur") ); return
  fi
  case "$prev" in
${values}
  esac
  case "$cmd" in
${cases}
    *) opts="--help"; files="" ;;
  esac
  for f in $files; do
    if [ "$prev" = "$f" ]; then COMPREPLY=( $(compgen -f -- "$cur") ); return; fi
  done
  if [[ "$cur" == -* ]]; then COMPREPLY=( $(compgen -W "$opts" -- "$cur") ); return; fi
  if [ "$cmd" = check ] || [ "$cmd" = show ]; then
    # a comma list of ids: complete the part after the last comma
    local head="" last="$cur"
    if [[ "$cur" == *,* ]]; then head="\${cur%,*},"; last="\${cur##*,}"; fi
    COMPREPLY=( $(compgen -P "$head" -W "$ids" -- "$last") ); return
  fi
  COMPREPLY=( $(compgen -f -- "$cur") )
}
complete -o nospace -F _usdiag usdiag 2>/dev/null || complete -F _usdiag usdiag
`;
}

export function zshCompletion(program: Command): string {
  const cmds = specs(program);
  const describe = program.commands.map((c) => `    '${c.name()}:${c.description().replace(/'/g, "'\\''").replace(/:/g, '\\:')}'`).join('\n');
  const cases = cmds.map((c) => {
    const opts = c.options.map((o) => {
      if (VALUES[o]) return `'${o}[]:value:(${VALUES[o]})'`;
      if (c.fileOptions.includes(o)) return `'${o}[]:file:_files'`;
      return `'${o}[]'`;
    });
    const ids = c.name === 'check' || c.name === 'show' ? " '1:check id:_sequence compadd - $ids'" : '';
    return `      ${c.name}) _arguments ${opts.join(' ')}${ids} ;;`;
  }).join('\n');
  return `#compdef usdiag
# usdiag zsh completion: usdiag completion zsh > "\${fpath[1]}/_usdiag"
_usdiag() {
  local -a commands ids
  ids=(${CHECK_IDS.join(' ')})
  commands=(
${describe}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  local cmd=$words[2]
  shift words; (( CURRENT-- ))
  case $cmd in
${cases}
  esac
}
_usdiag "$@"
`;
}

export function runCompletion(shell: string, program: Command, io: CliIO): number {
  if (shell === 'bash') io.stdout.write(bashCompletion(program));
  else if (shell === 'zsh') io.stdout.write(zshCompletion(program));
  else throw new UsageError(msgText('errUnknownShell', { shell }));
  return 0;
}
