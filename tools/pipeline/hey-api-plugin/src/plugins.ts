// Two hey-api plugins (the documented custom-plugin API): `dojo-facts` writes the spec's facts as constants
// (`dojo-facts.gen.ts` in @dojo-terminals/types), `dojo-operations` writes the client's operations and resource
// methods (`dojo-operations.gen.ts` in @dojo-terminals/client); hey-api names each file after its plugin. Both read the bundled spec through `plugin.context.spec`.
import { $, definePluginConfig, toCase, type DefinePlugin } from '@hey-api/openapi-ts';
import { idPrefix, readFacts, type OperationFact } from './facts.js';

type FactsConfig = { name: 'dojo-facts' };
type FactsPlugin = DefinePlugin<FactsConfig, FactsConfig>;

/**
 * `API_VERSION`, `ID_PATTERNS`, `ID_PREFIXES`, `FINAL_TERMINAL_SESSION_STATUSES`, `TERMINAL_STATUSES`,
 * `PAYMENT_INTENT_STATUSES`, `OPERATIONS` and `WEBHOOK_EVENTS`, from the spec.
 */
export const dojoFacts = definePluginConfig<FactsPlugin['Types']>({
  config: {},
  dependencies: [],
  name: 'dojo-facts',
  handler: ({ plugin }) => {
    const facts = readFacts(plugin.context.spec as Record<string, unknown>);
    const constant = (name: string, doc: string, value: ReturnType<typeof $.fromValue>) =>
      plugin.node($.const(plugin.symbol(name)).export().doc(doc).assign(value));
    constant('API_VERSION', 'The Dojo API version the spec describes (`info.version`): the `version` header.', $.literal(facts.apiVersion));
    // One constant per kind, so that a bundle keeps only the patterns its operations use.
    const patterns = $.object();
    for (const [kind, pattern] of Object.entries(facts.idPatterns)) {
      const name = patternName(kind);
      constant(name, `The pattern of a \`${kind}\` (its schema's \`pattern\`).`, $.regexp(pattern));
      patterns.prop(kind, $(name));
    }
    constant('ID_PATTERNS', 'The pattern of each kind of id a path takes (the id schemas\' `pattern`).', $.as(patterns, 'const'));
    constant(
      'ID_PREFIXES',
      'What each kind of id starts with (the literal start of its pattern), e.g. for template literal types: `${typeof ID_PREFIXES.TerminalId}${string}`.',
      $.as($.fromValue(Object.fromEntries(Object.entries(facts.idPatterns).map(([kind, pattern]) => [kind, idPrefix(pattern)]))), 'const'),
    );
    constant(
      'FINAL_TERMINAL_SESSION_STATUSES',
      'The statuses a terminal session ends in (`x-dojo-final` of `TerminalSessionStatus`).',
      $.as($.fromValue(facts.finalTerminalSessionStatuses), 'const'),
    );
    for (const [schema, values] of Object.entries(facts.statuses)) {
      constant(toCase(schema.replace(/Status$/, 'Statuses'), 'SCREAMING_SNAKE_CASE'), `Every value of \`${schema}\` (its \`enum\`).`, $.as($.fromValue(values), 'const'));
    }
    constant(
      'OPERATIONS',
      'Every operation of the spec: its method and path template, and whether it needs the terminal headers (declares `SoftwareHouseId`), by operationId.',
      $.as($.fromValue(Object.fromEntries(facts.operations.map(({ id, method, path, terminal }) => [id, { method, path, terminal }]))), 'const'),
    );
    constant('WEBHOOK_EVENTS', 'The webhook events Dojo sends (the spec\'s `webhooks`).', $.as($.fromValue(facts.webhookEvents), 'const'));
    const payloads = facts.webhookPayloads.map(({ schema }) => $.type(plugin.symbol(schema, { external: './types.gen.js', kind: 'type' })));
    plugin.node(
      $.type
        .alias(plugin.symbol('DojoWebhookEvent'))
        .export()
        .doc('Any webhook event Dojo delivers (the body of each of the spec\'s `webhooks`); narrow it on `event`.')
        .type($.type.or(...payloads)),
    );
  },
});

type ValidatorsConfig = { name: 'dojo-validators' };
type ValidatorsPlugin = DefinePlugin<ValidatorsConfig, ValidatorsConfig>;

/**
 * `RESPONSE_SCHEMAS` (operationId → the validator of its successful response) and `WEBHOOK_EVENT_SCHEMAS` (event
 * name → the validator of its body), pointing into hey-api's Valibot output beside it (`valibot.gen.ts`).
 */
export const dojoValidators = definePluginConfig<ValidatorsPlugin['Types']>({
  config: {},
  dependencies: ['valibot'],
  name: 'dojo-validators',
  handler: ({ plugin }) => {
    const facts = readFacts(plugin.context.spec as Record<string, unknown>);
    const validator = (name: string) => $(plugin.symbol(`v${name}`, { external: './valibot.gen.js' }));
    const responses = $.object();
    for (const operation of facts.operations) responses.prop(operation.id, validator(`${toCase(operation.id, 'PascalCase')}Response`));
    plugin.node(
      $.const(plugin.symbol('RESPONSE_SCHEMAS'))
        .export()
        .doc('The validator of each operation\'s successful response, by operationId.')
        .assign($.as(responses, 'const')),
    );
    const events = $.object();
    for (const { event, schema } of facts.webhookPayloads) events.prop(event, validator(schema));
    plugin.node(
      $.const(plugin.symbol('WEBHOOK_EVENT_SCHEMAS'))
        .export()
        .doc('The validator of each webhook event\'s body, by event name.')
        .assign($.as(events, 'const')),
    );
  },
});

type ClientConfig = {
  name: 'dojo-operations';
  /** Where the generated code imports the transport's types from, relative to the output folder. */
  transport?: string;
  /** The package that holds the generated types and facts. */
  types?: string;
};
type ClientPlugin = DefinePlugin<ClientConfig, ClientConfig>;

/**
 * Per operation a descriptor (`<operationId>Operation`: method, path, path parameters with their id patterns,
 * whether it may be repeated, its idempotency key header, whether it needs the terminal headers) and a function
 * `<operationId>(transport, …)`; then `createResources(transport)`, the grouped API `dojo.<resource>.<method>`.
 */
export const dojoOperations = definePluginConfig<ClientPlugin['Types']>({
  config: { transport: '../transport.js', types: '@dojo-terminals/types' },
  dependencies: [],
  name: 'dojo-operations',
  handler: ({ plugin }) => {
    const { transport = '../transport.js', types = '@dojo-terminals/types' } = plugin.config;
    const facts = readFacts(plugin.context.spec as Record<string, unknown>);
    const typeFrom = (name: string, from: string) => plugin.symbol(name, { external: from, kind: 'type' });
    const Transport = typeFrom('Transport', transport);
    const Operation = typeFrom('Operation', transport);
    const CallOptions = typeFrom('CallOptions', transport);
    const IdempotentCallOptions = facts.operations.some((operation) => operation.idempotencyKeyHeader)
      ? typeFrom('IdempotentCallOptions', transport)
      : undefined;
    const patterns = new Map(Object.keys(facts.idPatterns).map((kind) => [kind, plugin.symbol(patternName(kind), { external: types })]));

    const functions = new Map<string, ReturnType<typeof plugin.symbol>>();
    const descriptors: Array<ReturnType<typeof plugin.symbol>> = [];
    for (const operation of facts.operations) {
      const typeName = toCase(operation.id, 'PascalCase');
      const Data = typeFrom(`${typeName}Data`, types);
      const Response = typeFrom(`${typeName}Response`, types);
      const descriptor = $.object()
        .prop('id', $.literal(operation.id))
        .prop('method', $.literal(operation.method))
        .prop('path', $.literal(operation.path))
        .prop('pathParams', $.array(...operation.pathParams.map((param) => $.array($.literal(param.name), $.literal(param.kind), $(patterns.get(param.kind)!)))))
        .prop('repeatable', $.literal(operation.repeatable))
        .prop('terminal', $.literal(operation.terminal));
      if (operation.idempotencyKeyHeader) descriptor.prop('idempotencyKeyHeader', $.literal(operation.idempotencyKeyHeader));
      const descriptorSymbol = plugin.symbol(`${operation.id}Operation`);
      descriptors.push(descriptorSymbol);
      plugin.node($.const(descriptorSymbol).export().doc(`What the transport needs to know about \`${operation.id}\`.`).type(Operation).assign(descriptor));

      const options = operation.idempotencyKeyHeader ? IdempotentCallOptions! : CallOptions;
      const input = $.object();
      if (operation.pathParams.length) {
        const path = $.object();
        for (const param of operation.pathParams) path.prop(param.name, $(param.name));
        input.prop('path', path);
      }
      if (operation.body.present) input.prop('body', $('body'));
      if (operation.query.names.length) input.prop('query', $('query'));
      const fn = plugin.symbol(operation.id);
      functions.set(operation.id, fn);
      plugin.node(
        $.const(fn)
          .export()
          .doc(describe(operation))
          .assign(
            withParams(operation, Data, options, Transport)
              .returns($.type('Promise').generic(Response))
              .do($.return($('transport').attr('call').call(descriptorSymbol, input, 'options'))),
          ),
      );
    }

    const groups = new Map<string, OperationFact[]>();
    for (const operation of facts.operations) groups.set(operation.resource, [...(groups.get(operation.resource) ?? []), operation]);
    const resources = $.object();
    for (const [resource, operations] of groups) {
      const group = $.object();
      for (const operation of operations) {
        const typeName = toCase(operation.id, 'PascalCase');
        const Data = typeFrom(`${typeName}Data`, types);
        const options = operation.idempotencyKeyHeader ? IdempotentCallOptions! : CallOptions;
        group.prop(
          operation.clientMethod,
          withParams(operation, Data, options, undefined).do(
            $.return($(functions.get(operation.id)!).call('transport', ...argumentNames(operation))),
          ),
        );
      }
      resources.prop(resource, group);
    }
    plugin.node(
      $.const(plugin.symbol('createResources'))
        .export()
        .doc('The grouped API, `dojo.<resource>.<method>` (the tag\'s `x-dojo-resource`, the operation\'s `x-dojo-method`).')
        .assign($.func((f) => f.param('transport', (p) => p.type(Transport)).do($.return(resources)))),
    );
    plugin.node(
      $.const(plugin.symbol('operations'))
        .export()
        .doc('Every operation of the spec, in its order.')
        .assign($.array(...descriptors.map((descriptor) => $(descriptor)))),
    );
  },
});

/** `TerminalId` → `TERMINAL_ID_PATTERN`. */
function patternName(kind: string): string {
  return `${toCase(kind, 'SCREAMING_SNAKE_CASE')}_PATTERN`;
}

function withParams(
  operation: OperationFact,
  Data: ReturnType<typeof $.type> | unknown,
  options: unknown,
  transport: unknown,
) {
  const fn = $.func();
  if (transport) fn.param('transport', (p) => p.type(transport as never));
  for (const param of operation.pathParams) fn.param(param.name, (p) => p.type('string'));
  if (operation.body.present) fn.param('body', (p) => p.required(operation.body.required).type($.type.idx($.type(Data as never), $.type.literal('body'))));
  if (operation.query.names.length) {
    fn.param('query', (p) => p.required(operation.query.required).type($.type.idx($.type(Data as never), $.type.literal('query'))));
  }
  return fn.param('options', (p) => p.optional().type($.type(options as never)));
}

function argumentNames(operation: OperationFact): string[] {
  return [
    ...operation.pathParams.map((param) => param.name),
    ...(operation.body.present ? ['body'] : []),
    ...(operation.query.names.length ? ['query'] : []),
    'options',
  ];
}

/** The doc comment of an operation: what it is, and the retry policy the spec implies. */
function describe(operation: OperationFact): string[] {
  const lines = [`\`${operation.method} ${operation.path}\`: ${operation.summary}.`];
  if (operation.idempotencyKeyHeader) {
    lines.push(`Sent with an \`${operation.idempotencyKeyHeader}\` header (\`options.idempotencyKey\`, else a random UUID per call), so it is retried safely.`);
  } else if (!operation.repeatable) {
    lines.push('Never sent twice: a lost answer ends in an error with `outcomeUnknown: true`.');
  }
  return lines;
}
