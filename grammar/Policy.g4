// This file is the grammar of Rewind's policy language (*.rwd). It holds no target code: the
// transformer in compiler/parse/ turns the parse tree into Rewind's own AST.
//
// Newlines are insignificant: every statement starts with a keyword and ends where the next one
// begins; `;` may separate statements on one line. Statement keywords are soft: they may be used as
// names (a metric called `error`), see `name`.
grammar Policy;

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

// import "analyses/http.rwd"
// rollout checkout { ... }   analysis success-rate(service: string) { ... }
policyFile
  : topLevelItem* EOF
  ;

topLevelItem
  : importDecl
  | rolloutDecl
  | analysisDecl
  | ';'
  ;

importDecl
  : 'import' STRING
  ;

// Entry point for conditions found outside a policy file (Argo YAML successCondition strings).
conditionOnly
  : expr EOF
  ;

// ---------------------------------------------------------------------------------------------
// Rollouts
// ---------------------------------------------------------------------------------------------

// rollout checkout { replicas 5  canary { ... }  on rollback undo }
rolloutDecl
  : 'rollout' name '{' rolloutItem* '}'
  ;

rolloutItem
  : 'replicas' INT                                             # replicasItem
  | 'progress' 'deadline' DURATION (',' abortFlag='abort')?    # progressDeadlineItem
  | 'min' 'ready' DURATION                                     # minReadyItem
  | 'rollback' 'window' INT                                    # rollbackWindowItem
  | canaryDecl                                                 # canaryStrategyItem
  | bluegreenDecl                                              # bluegreenStrategyItem
  | 'on' 'rollback' ':'? rollbackAction                        # onRollbackItem
  | 'notify' name STRING 'on' name (',' name)*                 # notifyItem
  | 'workload' (name | STRING) STRING (',' workloadOption)*    # workloadItem
  | 'argo' configObject                                        # rolloutExtraItem
  | 'flagger' configObject                                     # rolloutFlaggerItem
  | ';'                                                        # emptyRolloutItem
  ;

// workload deployment "checkout", scale down progressively, api version "apps/v1"
workloadOption
  : 'scale' 'down' name                                        # workloadScaleDown
  | 'api' 'version' STRING                                     # workloadApiVersion
  ;

// on rollback abort | on rollback undo | on rollback to previous | on rollback to revision 3
rollbackAction
  : 'abort'                                                    # rollbackAbort
  | 'undo'                                                     # rollbackUndoPrevious
  | 'to' 'previous'                                            # rollbackUndoPrevious2
  | 'to' 'revision' INT                                        # rollbackUndoRevision
  ;

// canary { weight 10%  pause 5m  analyze success-rate(service: "x")  pause until promoted, timeout 30m }
canaryDecl
  : 'canary' '{' canaryItem* '}'
  ;

canaryItem
  : 'weight' percentage                                        # weightStep
  | 'pause' DURATION                                           # timedPauseStep
  | 'pause' ('until' 'promoted')? (',' 'timeout' DURATION)?    # manualPauseStep
  | 'analyze' analysisRefList analysisOptions                  # analysisStep
  | 'irreversible' STRING                                      # irreversibleMark
  | 'background' 'analyze' analysisRefList
      ('from' 'step' INT)? analysisOptions                     # backgroundAnalysis
  | 'abort' 'scale-down' scaleDownDelay                        # abortScaleDownItem
  | 'scale-down' 'after' DURATION                              # canaryScaleDownItem
  | 'stable' 'service' name                                    # stableServiceItem
  | 'canary' 'service' name                                    # canaryServiceItem
  | 'traffic' 'routing' name configObject?                     # trafficRoutingItem
  | 'max' 'surge' quantity                                     # maxSurgeItem
  | 'max' 'unavailable' quantity                               # maxUnavailableItem
  | 'dynamic' 'stable' 'scale'                                 # dynamicStableScaleItem
  | 'experiment' ('for' DURATION)? '{' experimentItem* '}'     # experimentStep
  | 'scale' 'canary' 'to' INT 'replicas'                       # scaleCanaryReplicasStep
  | 'scale' 'canary' 'to' PERCENT                              # scaleCanaryWeightStep
  | 'scale' 'canary' 'with' 'traffic'                          # scaleCanaryTrafficStep
  | 'header' 'route' STRING configObject?                      # headerRouteStep
  | 'mirror' 'route' STRING configObject?                      # mirrorRouteStep
  | 'argo' 'step' configKey configValue                        # passthroughStep
  | 'argo' configObject                                        # canaryExtraItem
  | ';'                                                        # emptyCanaryItem
  ;

// experiment for 1h { replicaset baseline from stable, replicas 1, weight 5%
//                     analyze mann-whitney(hash: stable hash) as compare, required
//                     with dry-run latency  argo { scaleDownDelaySeconds: 30 } }
experimentItem
  : 'replicaset' name 'from' name (',' replicaSetOption)* configObject? # experimentReplicaSetItem
  | 'analyze' analysisRef ('as' name)? (',' req='required')?       # experimentAnalysisItem
  | 'with' 'dry-run' name (',' name)*                          # experimentDryRunItem
  | 'argo' configObject                                        # experimentExtraItem
  | ';'                                                        # emptyExperimentItem
  ;

replicaSetOption
  : 'replicas' INT                                             # replicaSetReplicas
  | 'weight' percentage                                        # replicaSetWeight
  ;

// bluegreen { active service a  preview service b  promote manually, timeout 30m
//             before promotion analyze smoke()  after promotion analyze errors() }
bluegreenDecl
  : 'bluegreen' '{' bluegreenItem* '}'
  ;

bluegreenItem
  : 'active' 'service' name                                    # activeServiceItem
  | 'preview' 'service' name                                   # previewServiceItem
  | 'preview' 'replicas' INT                                   # previewReplicasItem
  | 'promote' 'manually' (',' 'timeout' DURATION)?             # promoteManuallyItem
  | 'promote' 'automatically' ('after' DURATION)?              # promoteAutomaticallyItem
  | 'promote' 'after' DURATION                                 # promoteAfterItem
  | 'before' 'promotion' 'analyze' analysisRefList analysisOptions # prePromotionItem
  | 'after' 'promotion' 'analyze' analysisRefList analysisOptions  # postPromotionItem
  | 'scale-down' 'after' DURATION                              # scaleDownItem
  | 'abort' 'scale-down' scaleDownDelay                        # bgAbortScaleDownItem
  | 'irreversible' STRING                                      # bgIrreversibleMark
  | 'argo' configObject                                        # bgExtraItem
  | ';'                                                        # emptyBluegreenItem
  ;

scaleDownDelay
  : 'after' DURATION
  | 'never'
  ;

percentage
  : PERCENT
  | INT
  ;

quantity
  : PERCENT
  | INT
  ;

// success-rate(service: "checkout", threshold: 95%), latency-p95()
analysisRefList
  : analysisRef (',' analysisRef)*
  ;

analysisRef
  : name ('(' (argument (',' argument)*)? ')')?
  ;

argument
  : name ':' argumentValue
  ;

argumentValue
  : literal                                                    # literalArgument
  | 'stable' 'hash'                                            # stableHashArgument
  | 'latest' 'hash'                                            # latestHashArgument
  | 'field' STRING                                             # fieldArgument
  ;

// with dry-run error-rate, latency
analysisOptions
  : ('with' 'dry-run' name (',' name)*)?
  ;

// ---------------------------------------------------------------------------------------------
// Analyses and metrics
// ---------------------------------------------------------------------------------------------

// analysis success-rate(service: string, threshold: number = 95%) { metric success-rate { ... } }
analysisDecl
  : cluster='cluster'? 'analysis' name ('(' (parameter (',' parameter)*)? ')')? '{' analysisItem* '}'
  ;

// url: string = secret "example-secret" key "secretUrl"
parameter
  : name ':' name ('=' (literal | sec='secret' STRING 'key' STRING))?
  ;

analysisItem
  : metricDecl
  | ';'
  ;

// metric success-rate { prometheus "..."  every 1m, 5 times  success when result[0] >= 95% }
metricDecl
  : 'metric' name '{' metricItem* '}'
  ;

metricItem
  : 'prometheus' ('at' STRING)? STRING                         # prometheusItem
  | 'provider' name configObject                               # providerItem
  | 'every' (DURATION | interval=settingText)
    (',' (INT | count=settingText) 'times')?                   # everyItem
  | 'count' (INT | settingText)                                # countItem
  | 'initial' 'delay' (DURATION | settingText)                 # initialDelayItem
  | 'success' 'when' expr                                      # successItem
  | 'failure' 'when' expr                                      # failureItem
  | 'failure' 'limit' (INT | 'none' | settingText)             # failureLimitItem
  | 'inconclusive' 'limit' (INT | settingText)                 # inconclusiveLimitItem
  | 'error' 'limit' (INT | settingText)                        # errorLimitItem
  | 'success' 'streak' (INT | settingText)                     # successStreakItem
  | 'dry-run'                                                  # dryRunItem
  | 'unit' name                                                # unitItem
  | 'returns' name                                             # returnsItem
  | 'keep' INT 'measurements'                                  # keepItem
  | 'flagger' configObject                                     # metricFlaggerItem
  | ';'                                                        # emptyMetricItem
  ;

// every args.interval, args.runs times   failure limit "{{args.limit}}"
// A count, limit or duration Argo reads when it creates the run, from the run's arguments.
settingText
  : name '.' name
  | STRING
  ;

// Opaque provider and traffic-router settings: { url: "https://...", headers: [{key: "a", value: "b"}] }
configObject
  : '{' (configEntry ','?)* '}'
  ;

configEntry
  : configKey ':' configValue
  ;

configKey
  : name
  | STRING
  ;

configValue
  : literal
  | configObject
  | '[' (configValue (',' configValue)* ','?)? ']'
  ;

literal
  : STRING
  | INT
  | FLOAT
  | PERCENT
  | DURATION
  | 'true'
  | 'false'
  ;

// ---------------------------------------------------------------------------------------------
// Conditions: Argo's expression language (expr-lang) plus unit literals. Precedence follows
// expr-lang exactly: `??` 500, `**` 100 (right), unary - + 90, * / % 60, unary not ! 50, + - 30,
// `..` 25, comparisons 20, and 15, or 10, `?:` lowest.
// ---------------------------------------------------------------------------------------------

expr
  : primary                                                    # primaryExpr
  | expr '.' name                                              # memberExpr
  | expr '?.' name                                             # optionalMemberExpr
  | expr '[' expr ']'                                          # indexExpr
  | expr '[' from=expr? ':' to=expr? ']'                       # sliceExpr
  | expr '??' expr                                             # coalesceExpr
  | <assoc=right> expr op=('**' | '^') expr                    # powerExpr
  | op=('-' | '+') expr                                        # signExpr
  | expr op=('*' | '/' | '%') expr                             # multiplicativeExpr
  | op=('not' | '!') expr                                      # notExpr
  | expr op=('+' | '-') expr                                   # additiveExpr
  | expr '..' expr                                             # rangeExpr
  | expr comparisonOp expr                                     # comparisonExpr
  | expr op=('and' | '&&') expr                                # andExpr
  | expr op=('or' | '||') expr                                 # orExpr
  | <assoc=right> expr '?' expr ':' expr                       # conditionalExpr
  ;

comparisonOp
  : '==' | '!=' | '<' | '<=' | '>' | '>='
  | 'in' | 'not' 'in'
  | 'matches' | 'contains' | 'startsWith' | 'endsWith'
  | 'not' ('matches' | 'contains' | 'startsWith' | 'endsWith')
  ;

primary
  : INT                                                        # intLiteral
  | FLOAT                                                      # floatLiteral
  | PERCENT                                                    # percentLiteral
  | DURATION                                                   # durationLiteral
  | STRING                                                     # stringLiteral
  | 'true'                                                     # trueLiteral
  | 'false'                                                    # falseLiteral
  | 'nil'                                                      # nilLiteral
  | '#'                                                        # elementRef
  | '.' name                                                   # elementMember
  | name '(' (callArgument (',' callArgument)*)? ')'           # callExpr
  | name                                                       # identifier
  | '(' expr ')'                                               # parenExpr
  | '[' (expr (',' expr)* ','?)? ']'                           # listLiteral
  | '{' (mapEntry (',' mapEntry)* ','?)? '}'                   # mapLiteral
  ;

callArgument
  : '{' expr '}'                                               # predicateArgument
  | expr                                                       # plainArgument
  ;

mapEntry
  : (name | STRING) ':' expr
  ;

// Any identifier, including the statement keywords (so a metric may be called `error`).
name
  : IDENT
  | 'rollout' | 'analysis' | 'metric' | 'import' | 'cluster' | 'replicas' | 'progress' | 'deadline'
  | 'abort' | 'min' | 'ready' | 'rollback' | 'window' | 'on' | 'notify' | 'undo' | 'to' | 'previous'
  | 'revision' | 'canary' | 'bluegreen' | 'weight' | 'pause' | 'until' | 'promoted' | 'timeout'
  | 'analyze' | 'irreversible' | 'background' | 'from' | 'step' | 'scale-down' | 'after' | 'stable'
  | 'service' | 'traffic' | 'routing' | 'max' | 'surge' | 'unavailable' | 'dynamic' | 'scale'
  | 'active' | 'preview' | 'promote' | 'manually' | 'automatically' | 'before' | 'promotion'
  | 'never' | 'hash' | 'latest' | 'field' | 'with' | 'dry-run' | 'prometheus' | 'at' | 'provider'
  | 'every' | 'times' | 'count' | 'initial' | 'delay' | 'success' | 'when' | 'failure' | 'limit'
  | 'none' | 'inconclusive' | 'error' | 'streak' | 'unit' | 'returns' | 'keep' | 'measurements'
  | 'workload' | 'down' | 'api' | 'version' | 'argo' | 'experiment' | 'for' | 'replicaset' | 'as'
  | 'required' | 'header' | 'mirror' | 'route' | 'secret' | 'key' | 'flagger'
  ;

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

// 5m, 1h30m, 500ms, 2.5s
DURATION
  : (DIGITS ('.' DIGITS)? ('ms' | 's' | 'm' | 'h' | 'd'))+
  ;

// 95%, 2.5%
PERCENT
  : DIGITS ('.' DIGITS)? '%'
  ;

FLOAT
  : DIGITS '.' DIGITS EXPONENT?
  | DIGITS EXPONENT
  | '.' DIGITS EXPONENT?                 // `.5`, as expr-lang reads it
  ;

INT
  : DIGITS
  ;

// "text", 'text', or a """block""" (common indentation removed)
STRING
  : '"""' .*? '"""'
  | '"' (ESCAPE | ~["\\\r\n])* '"'
  | '\'' (ESCAPE | ~['\\\r\n])* '\''
  ;

// success-rate, latency_p95, checkout-canary
IDENT
  : [a-zA-Z_] [a-zA-Z0-9_]* ('-' [a-zA-Z0-9_]+)*
  ;

LINE_COMMENT
  : '//' ~[\r\n]* -> channel(HIDDEN)
  ;

BLOCK_COMMENT
  : '/*' .*? '*/' -> channel(HIDDEN)
  ;

WS
  : [ \t\r\n\f]+ -> channel(HIDDEN)
  ;

// Anything else becomes one token so that the parser reports it with its exact location.
// Neither may contain its terminator, or the longest-match rule would prefer them to a real one.
UNTERMINATED_BLOCK_STRING
  : '"""' (~'"' | '"' ~'"' | '""' ~'"')* '"'? '"'? EOF
  ;

UNTERMINATED_STRING
  : '"' (ESCAPE | ~["\\\r\n])*
  | '\'' (ESCAPE | ~['\\\r\n])*
  ;

UNTERMINATED_COMMENT
  : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF
  ;

UNKNOWN_CHAR
  : .
  ;

fragment DIGITS
  : [0-9]+
  ;

fragment EXPONENT
  : [eE] [+-]? DIGITS
  ;

fragment ESCAPE
  : '\\' .
  ;
