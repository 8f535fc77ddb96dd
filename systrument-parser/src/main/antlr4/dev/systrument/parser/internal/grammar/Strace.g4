/*
 * The strace output language accepted by systrument: one physical line at a time.
 *
 * This grammar is the specification. The reader's hot path (LineFramer) splits lines by hand for
 * speed, and a differential test checks it against the `line` rule below on the whole corpus;
 * argument text is decoded on demand with the `argumentList` rule.
 *
 * Input is the line's BYTES read as ISO-8859-1 (one char per byte): strace escapes non-printable
 * bytes, but paths in -y annotations may hold raw UTF-8, and strings must decode back to the exact
 * bytes. Columns reported to users are therefore byte columns.
 *
 * Whitespace is skipped: strace pads results (`close(3)                = 0`) and the amount of
 * padding carries no meaning. Texts that keep their spacing (errno messages, diagnostics, stack
 * frames) are recovered from the character interval the rule spans, not from tokens.
 */
grammar Strace;

// ===================================================================================== lines

line
    : frame=STACK_FRAME EOF                                   # stackLine
    | prefix? timestamp? record EOF                           # recordLine
    | continuation EOF                                        # continuationLine
    ;

// `19501 ` (-f -o FILE, padded to 5 columns: `803   `); `[pid 19601] ` on stderr once a second
// task exists (always with 6.9+ --always-show-pid); `19615<bash> ` and `[pid 19615<GC Thread#0>] `
// with -Y (the comm is any text in the brackets). No prefix at all in -ff files (the pid is the
// file suffix) and on stderr while only one task is traced.
prefix
    : pid=NUMBER comm=ANNOTATION?                             # plainPrefix
    | BRACKET_PID pid=NUMBER comm=ANNOTATION? RBRACKET        # bracketPrefix
    ;

// -t `02:05:20`, -tt `02:05:20.446742`, -ttt `1795658719.241275`, --timestamps=unix,ns
// `1795658719.953362110`, -r `     0.000123` (relative; told apart from -ttt by magnitude).
// -r with -t/-tt/-ttt prints both: `1796700762.092135 (+     0.000228) brk(NULL) = ...`; the
// absolute time is the one read, the delta in parentheses adds nothing to it.
timestamp
    : TIME_OF_DAY relativeDelta?                              # timeOfDay
    | DECIMAL relativeDelta?                                  # secondsTimestamp
    ;

relativeDelta
    : LPAREN PLUS delta=DECIMAL RPAREN
    ;

record
    : syscall
    | resumed
    | signal
    | exit
    | straceMessage
    ;

// `openat(AT_FDCWD, "/etc/ld.so.cache", O_RDONLY|O_CLOEXEC) = 3 <0.000048>`
// `wait4(-1,  <unfinished ...>` (the call blocks, another task's line comes next)
// `clone(child_stack=NULL, flags=...|SIGCHLD` torn by a glued `strace: Process N attached`
syscall
    : name=IDENT LPAREN argumentItems syscallEnd?
    ;

// `<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, NULL) = 19725 <0.005500>`
// strace >= 6.16 prints the separating comma after the marker: `<... read resumed>, "x", 4) = 1`.
// `<pid changed to N ...>` follows the marker when a non-leader thread's execve completed.
resumed
    : marker=RESUMED PID_CHANGED? COMMA? argumentItems syscallEnd
    ;

// A line that only finishes the previous one: strace 6.1 with `-e status=!unfinished` prints
// `19504 ... read(3</etc/locale.alias>,  <unfinished ...>` then bare `"", 4096) = 0 <0.000060>`;
// stderr captures continue a torn line with `, child_tidptr=0x7f5b) = 19601` or ` <unfinished ...>`.
continuation
    : COMMA? argumentItems syscallEnd
    ;

// Arguments may end with a dangling comma before `<unfinished ...>`: `read(3,  <unfinished ...>`.
// A resumed half may start by completing the previous half's last value:
// `clone3({flags=CLONE_VM|..., ...} <unfinished ...>` then `<... clone3 resumed> => {parent_tid=[7]}, 88) = 7`.
argumentItems
    : (changedTo=CHANGED_TO? argument (COMMA argument)*)? COMMA?
    ;

syscallEnd
    : RPAREN PID_CHANGED? EQUALS result DURATION?             # returned
    | UNFINISHED                                              # unfinished
    | DETACHED                                                # detached
    // `[pid 1240] execve("/bin/true", ...) <pid changed to 1234 ...>`: a non-leader thread's
    // execve; like <unfinished ...>, and the call resumes as `[pid 1234] <... execve resumed>`.
    | PID_CHANGED                                             # pidChangedEnd
    ;

// `0`, `-1 ENOENT (No such file or directory)`, `? ERESTARTSYS (To be restarted if ...)`, `?`,
// `? <unavailable>`, `3</etc/ld.so.cache>`, `18276<bash>`, `0x1 (flags FD_CLOEXEC)`,
// `1 ([{fd=3, revents=POLLIN}])`.
result
    : (QUESTION | MINUS? NUMBER) annotation=ANNOTATION? errno=IDENT? detail=parenthesized?
    ;

// Free text in parentheses (errno messages, poll/select details); nested parentheses balance.
parenthesized
    : LPAREN (~(LPAREN | RPAREN) | parenthesized)* RPAREN
    ;

// `--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, ...} ---`, `--- stopped by SIGSTOP ---`
signal
    : SIGNAL_MARK sig=signalName siginfo=struct SIGNAL_MARK   # delivered
    | STOPPED_BY sig=signalName SIGNAL_MARK                   # stopped
    ;

signalName
    : IDENT | NUMBER
    ;

// `+++ exited with 3 +++`, `+++ killed by SIGSEGV (core dumped) +++`,
// `+++ superseded by execve in pid 1240 +++`
exit
    : EXITED_WITH code=NUMBER EXIT_MARK                       # exited
    | KILLED_BY sig=signalName CORE_DUMPED? EXIT_MARK         # killed
    | SUPERSEDED_BY pid=NUMBER EXIT_MARK                      # superseded
    ;

// strace talking about its own work.
straceMessage
    : STRACE_ATTACHED                                         # attached
    | STRACE_DETACHED                                         # detachedMessage
    | PERSONALITY                                             # personality
    | STRACE_OTHER                                            # otherMessage
    ;

// ==================================================================================== values

// Entry point of the lazy argument decoder: the text between a syscall's parentheses.
argumentList
    : (argument (COMMA argument)*)? COMMA? EOF
    ;

// `flags=CLONE_VM|SIGCHLD` as clone prints it, or a plain value.
argument
    : (name=identifier EQUALS)? value
    ;

// `msg_namelen=128 => 16`: in/out values changed by the call.
value
    : before=choice (CHANGED_TO after=choice)?
    ;

// `A or B`: strace could not tell which.
choice
    : commented (OR commented)*
    ;

// `0x7ffd /* 35 vars */`, `st_atime=1795658505 /* 2026-11-26T02:01:45+0000 */`; older strace
// prints a lone comment as a whole list (`[/* 22 entries */]`).
commented
    : expression COMMENT?
    | COMMENT
    ;

// `O_RDONLY|O_CLOEXEC` (flags), `1<<20`, `0x5*02/4`, `WIFEXITED(s) && WEXITSTATUS(s) == 0`
// (kept as text). strace prints no precedence-sensitive mixes, so one flat level is enough.
expression
    : operand (operator operand)*
    ;

operator
    : PIPE | OROR | AMPAMP | AMP | EQEQ | NOTEQ | SHL | SHR | PLUS | MINUS | STAR | SLASH
    ;

// primary comes first: `~[RTMIN RT_1]` is a complemented set, not `~` applied to an array.
operand
    : primary                                                 # plainOperand
    | MINUS operand                                           # negated
    | TILDE operand                                           # inverted
    | BANG operand                                            # notted
    | AMP operand                                             # addressOf
    ;

primary
    : NUMBER ANNOTATION?                                      # number
    | STRING                                                  # string
    | TRUNCATED_STRING                                        # truncatedString
    | AT STRING                                               # abstractSocketPath
    | function=identifier LPAREN (value (COMMA value)*)? RPAREN   # macroCall
    | identifier ANNOTATION?                                  # symbol
    | struct                                                  # structValue
    | list                                                    # listValue
    | LPAREN value RPAREN                                     # grouped
    | ELLIPSIS                                                # ellipsis
    | RESUMING_MARKER                                         # resumingMarker
    ;

// `{st_mode=S_IFREG|0644, st_size=34983, ...}`, `{0x1, 0x2}`; termios without -v prints
// space-separated words: `{B38400 opost isig icanon echo ...}`.
struct
    : LBRACE (field (COMMA? field)*)? RBRACE
    ;

field
    : (name=identifier EQUALS)? value
    ;

// `["sh", "-c", ...]` (array), `[CHLD TERM]` / `~[RTMIN RT_1]` (bit sets: no commas),
// `[[VINTR]=0x3, [VQUIT]=0x1c, ...]` (sparse array). `[CHLD]` and `[]` are told apart by the
// builder (one symbol without commas is a set; an empty list is an array).
list
    : TILDE? LBRACKET (element (COMMA? element)*)? RBRACKET
    ;

element
    : LBRACKET index=value RBRACKET EQUALS item=value         # indexedElement
    | value                                                   # plainElement
    ;

// Words that are tokens of their own elsewhere are still ordinary names inside values.
identifier
    : IDENT | OR
    ;

// ==================================================================================== tokens
// Order matters where two rules match the same longest text: the earlier rule wins.

// ` > /lib/x86_64-linux-gnu/libc.so.6(write+0x14) [0x10e8f4]` (-k), with a source location
// under -kk, or ` > no matching address range`. A lone `>` followed by a space means nothing
// else in strace output (`=>` and `->` are tokens or annotation text of their own), so no
// start-of-line predicate is needed; a lexer predicate would also stop ANTLR from caching its
// start state, which made every token cost a full ATN simulation.
STACK_FRAME     : ' '* '> ' ~[\r\n]* ;

// strace's own messages; whole-line tokens because their text is free-form.
// `strace -f -p PID` announces a whole thread group at once: `strace: Process 25728 attached with
// 3 threads` (the other tids show only in their lines' prefixes).
STRACE_ATTACHED : 'strace: Process ' [0-9]+ ' attached' ( ' with ' [0-9]+ ' threads' )? ;
STRACE_DETACHED : 'strace: Process ' [0-9]+ ' detached' ;
STRACE_OTHER    : 'strace: ' ~[\r\n]* ;
PERSONALITY     : '[ Process PID=' [0-9]+ ' runs in ' ~[\r\n]* ;

BRACKET_PID     : '[pid' ' '+ ;

// Markers strace puts in angle brackets. They must come before ANNOTATION, which matches the
// same text: `<unfinished ...>` is a marker, `3</etc/passwd>` an annotation.
UNFINISHED      : '<unfinished ...>' ;
// The argument of the restart_syscall strace finds a process in when it attaches (`strace -p`)
// to a sleeping process: `restart_syscall(<... resuming interrupted read ...>) = 0`.
RESUMING_MARKER : '<... resuming ' ~[<>\r\n]* '...>' ;
DETACHED        : '<detached ...>' ;
RESUMED         : '<... ' [a-zA-Z0-9_]+ ' resumed>' ;
PID_CHANGED     : '<pid changed to ' [0-9]+ ' ...>' ;
// -T: `<0.000060>`, or 9 fraction digits with --syscall-times=ns.
DURATION        : '<' [0-9]+ '.' [0-9]+ '>' ;

// What -y/-yy/-Y print after a number: `</etc/ld.so.cache>`, `</dev/urandom<char 1:9>>`,
// `<UNIX-STREAM:[1->2]>`, `<TCP:[1.2.3.4:80->5.6.7.8:63330]>`, `<bash>`, `</tmp/x (deleted)>`.
// strace escapes `<` and `>` inside paths, so brackets nest only for its own sub-annotations;
// `->` is the socket arrow. The body never starts with `<`, so `1<<20` stays a shift.
ANNOTATION      : '<' ~[<>\r\n] ANNOTATION_PART* '>' ;
fragment ANNOTATION_PART : '\\' ~[\r\n] | '->' | NESTED_ANNOTATION | ~[<>\\\r\n] ;
fragment NESTED_ANNOTATION : '<' ANNOTATION_PART* '>' ;

SIGNAL_MARK     : '---' ;
STOPPED_BY      : '--- stopped by ' ;
EXITED_WITH     : '+++ exited with ' ;
KILLED_BY       : '+++ killed by ' ;
SUPERSEDED_BY   : '+++ superseded by execve in pid ' ;
CORE_DUMPED     : '(core dumped)' ;
EXIT_MARK       : '+++' ;

// `"abc\n"` and `"abc"...` (cut at -s): one token each, so `...` right after the quote is
// never confused with a list's `, ...`.
TRUNCATED_STRING : STRING_BODY '...' ;
STRING          : STRING_BODY ;
fragment STRING_BODY : '"' ( '\\' ~[\r\n] | ~["\\\r\n] )* '"' ;

COMMENT         : '/*' .*? '*/' ;

TIME_OF_DAY     : [0-9] [0-9] ':' [0-9] [0-9] ':' [0-9] [0-9] ( '.' [0-9]+ )? ;
DECIMAL         : [0-9]+ '.' [0-9]+ ;
NUMBER          : '0' [xX] [0-9a-fA-F]+ | [0-9]+ ;

OR              : 'or' ;
IDENT           : [a-zA-Z_] [a-zA-Z0-9_]* ;

ELLIPSIS        : '...' ;
CHANGED_TO      : '=>' ;
EQEQ            : '==' ;
NOTEQ           : '!=' ;
EQUALS          : '=' ;
AMPAMP          : '&&' ;
OROR            : '||' ;
SHL             : '<<' ;
SHR             : '>>' ;
PIPE            : '|' ;
AMP             : '&' ;
PLUS            : '+' ;
MINUS           : '-' ;
STAR            : '*' ;
SLASH           : '/' ;
TILDE           : '~' ;
BANG            : '!' ;
QUESTION        : '?' ;
AT              : '@' ;
COMMA           : ',' ;
LPAREN          : '(' ;
RPAREN          : ')' ;
LBRACE          : '{' ;
RBRACE          : '}' ;
LBRACKET        : '[' ;
RBRACKET        : ']' ;

WS              : [ \t]+ -> skip ;

// Anything else becomes a token the parser rejects with a located message, instead of the
// lexer printing "token recognition error" to stderr.
UNRECOGNIZED    : . ;
