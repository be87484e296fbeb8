/**
 * The ResourceProvider gRPC service (pulumi/provider.proto) for the stand-in plugin: protocol
 * plumbing only. Per-type behaviour lives in resources/, shared Terraform-like semantics in
 * lifecycle.ts, HTTP in account-api.ts.
 */
import * as grpc from "@grpc/grpc-js";
import * as anyPb from "google-protobuf/google/protobuf/any_pb";
import * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import * as providerPb from "@pulumi/pulumi/proto/provider_pb";
import * as statusPb from "@pulumi/pulumi/proto/status_pb";
import { AccountApi } from "./account-api";
import * as lifecycle from "./lifecycle";
import { resolveSettings } from "./provider-config";
import type { ResourceModule } from "./resource-module";
import { findModule, RESOURCE_MODULES } from "./resources";
import { toStruct, unwrap, type Props } from "./values";

/** The @pulumi/databricks version whose resources this stand-in models (see resources/). */
export const MODELLED_VERSION = "1.110.0";

type Unary<Req, Res> = grpc.handleUnaryCall<Req, Res>;

class ProtocolError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
  ) {
    super(message);
  }
}

/** Runs a handler and turns a thrown error into a gRPC status whose text the CLI prints. */
function handle<Req, Res>(fn: (req: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, cb) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (res) => cb(null, res),
        (e: unknown) => {
          const code = e instanceof ProtocolError ? e.code : grpc.status.UNKNOWN;
          const message = e instanceof Error ? e.message : String(e);
          const metadata = e instanceof InitFailed ? e.metadata() : undefined;
          cb({ code, details: message, message, metadata } as grpc.ServiceError, null);
        },
      );
  };
}

/**
 * An object was created but not fully read back: the engine records the id and state from the
 * `ErrorResourceInitFailed` detail (in `grpc-status-details-bin`, as the Node SDK's providers
 * send it), so the next `up` or `destroy` knows the object.
 */
class InitFailed extends Error {
  constructor(
    readonly id: string,
    readonly state: Struct,
    message: string,
  ) {
    super(message);
  }

  metadata(): grpc.Metadata {
    const detail = new providerPb.ErrorResourceInitFailed()
      .setId(this.id)
      .setProperties(this.state)
      .setReasonsList([this.message]);
    const any = new anyPb.Any();
    any.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const status = new statusPb.Status().setCode(grpc.status.UNKNOWN).setMessage(this.message);
    status.addDetails(any);
    const metadata = new grpc.Metadata();
    metadata.add("grpc-status-details-bin", Buffer.from(status.serializeBinary()));
    return metadata;
  }
}

/** `urn:pulumi:stack::project::parent$type::name` → type (the last `$` part) and name. */
function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  const name = parts.slice(3).join("::");
  const types = (parts[2] ?? "").split("$");
  return { type: types[types.length - 1], name };
}

function moduleFor(type: string): ResourceModule {
  const mod = findModule(type);
  if (!mod) {
    const known = RESOURCE_MODULES.map((m) => m.token).join(", ");
    throw new ProtocolError(
      grpc.status.UNIMPLEMENTED,
      `resource type ${type} is not implemented by the stand-in pulumi-resource-databricks ` +
        `(testing/databricks-plugin, for tests and the demo only); it implements ${known}. ` +
        "Add a module under testing/databricks-plugin/resources/ to support it.",
    );
  }
  return mod;
}

const typeOf = (req: { getType(): string; getUrn(): string }) =>
  req.getType() || parseUrn(req.getUrn()).type;

export class DatabricksProvider {
  private api?: AccountApi;

  private client(): AccountApi {
    if (!this.api) {
      throw new ProtocolError(grpc.status.FAILED_PRECONDITION, "the provider was not configured");
    }
    return this.api;
  }

  implementation(): grpc.UntypedServiceImplementation {
    return {
      handshake: this.handshake,
      getPluginInfo: this.getPluginInfo,
      getSchema: this.getSchema,
      checkConfig: this.checkConfig,
      diffConfig: this.diffConfig,
      configure: this.configure,
      invoke: this.invoke,
      check: this.check,
      diff: this.diff,
      create: this.create,
      read: this.read,
      update: this.update,
      delete: this.delete,
      cancel: this.cancel,
    };
  }

  private handshake = handle<
    providerPb.ProviderHandshakeRequest,
    providerPb.ProviderHandshakeResponse
  >(() => new providerPb.ProviderHandshakeResponse().setAcceptSecrets(true));

  private getPluginInfo = handle<emptyPb.Empty, pluginPb.PluginInfo>(() =>
    new pluginPb.PluginInfo().setVersion(MODELLED_VERSION),
  );

  // Only what this stand-in implements, so `pulumi package get-schema` tells the truth.
  private getSchema = handle<providerPb.GetSchemaRequest, providerPb.GetSchemaResponse>(() => {
    const schemaType = (s: { type: string }) =>
      s.type === "stringList"
        ? { type: "array", items: { type: "string" } }
        : { type: s.type === "object" ? "object" : s.type };
    const resources = Object.fromEntries(
      RESOURCE_MODULES.map((m) => [
        m.token,
        {
          description: `Stand-in for tests (${m.source}).`,
          properties: Object.fromEntries(
            Object.entries(m.properties).map(([k, s]) => [
              k,
              { ...schemaType(s), secret: s.secret },
            ]),
          ),
          inputProperties: Object.fromEntries(
            Object.entries(m.properties)
              .filter(([, s]) => s.input)
              .map(([k, s]) => [k, { ...schemaType(s), secret: s.secret }]),
          ),
        },
      ]),
    );
    const variables = {
      host: { type: "string" },
      accountId: { type: "string" },
      clientId: { type: "string" },
      clientSecret: { type: "string", secret: true },
    };
    const schema = {
      name: "databricks",
      version: MODELLED_VERSION,
      description: "Stand-in for the Databricks provider (tests and demo only)",
      config: { variables },
      // Explicit providers (`pulumi:providers:databricks` resources) take the same keys.
      provider: { inputProperties: variables },
      resources,
    };
    return new providerPb.GetSchemaResponse().setSchema(JSON.stringify(schema));
  });

  // Secrets stay wrapped: the engine stores the provider's checked inputs in the state.
  private checkConfig = handle<providerPb.CheckRequest, providerPb.CheckResponse>((req) =>
    new providerPb.CheckResponse().setInputs(req.getNews()),
  );

  private diffConfig = handle<providerPb.DiffRequest, providerPb.DiffResponse>((req) => {
    const olds = unwrap(req.getOldInputs() ?? req.getOlds()).props;
    const news = unwrap(req.getNews()).props;
    const keys = new Set([...Object.keys(olds), ...Object.keys(news)]);
    keys.delete("version");
    const changed = [...keys].filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    return new providerPb.DiffResponse()
      .setChanges(
        changed.length > 0
          ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
          : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setDiffsList(changed);
  });

  private configure = handle<providerPb.ConfigureRequest, providerPb.ConfigureResponse>((req) => {
    let args: Props = unwrap(req.getArgs()).props;
    if (!req.hasArgs()) {
      // Engines older than the `args` field send `databricks:config:<key>` strings only.
      args = {};
      for (const [k, v] of req.getVariablesMap().entries()) {
        args[k.replace(/^databricks:config:/, "")] = v;
      }
    }
    try {
      this.api = new AccountApi(resolveSettings(args));
    } catch (e) {
      throw new ProtocolError(grpc.status.INVALID_ARGUMENT, (e as Error).message);
    }
    return new providerPb.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(true);
  });

  private invoke = handle<providerPb.InvokeRequest, providerPb.InvokeResponse>((req) => {
    throw new ProtocolError(
      grpc.status.UNIMPLEMENTED,
      `function ${req.getTok()} is not implemented by the stand-in pulumi-resource-databricks (testing/databricks-plugin)`,
    );
  });

  private check = handle<providerPb.CheckRequest, providerPb.CheckResponse>((req) => {
    const mod = moduleFor(typeOf(req));
    const news = unwrap(req.getNews());
    const olds = unwrap(req.getOlds()).props;
    const name = req.getName() || parseUrn(req.getUrn()).name;
    const { inputs, failures } = lifecycle.check(
      mod,
      name,
      news.props,
      olds,
      req.getRandomseed_asU8(),
    );
    const res = new providerPb.CheckResponse().setInputs(
      toStruct(inputs, [...news.secretKeys, ...lifecycle.secretKeys(mod)]),
    );
    for (const f of failures) {
      res.addFailures(new providerPb.CheckFailure().setProperty(f.property).setReason(f.reason));
    }
    return res;
  });

  private diff = handle<providerPb.DiffRequest, providerPb.DiffResponse>((req) => {
    const mod = moduleFor(typeOf(req));
    const news = unwrap(req.getNews()).props;
    const { changed, replaces } = lifecycle.diff(mod, unwrap(req.getOlds()).props, news);
    const res = new providerPb.DiffResponse()
      .setChanges(
        changed.length > 0
          ? providerPb.DiffResponse.DiffChanges.DIFF_SOME
          : providerPb.DiffResponse.DiffChanges.DIFF_NONE,
      )
      .setDiffsList(changed)
      .setReplacesList(replaces)
      .setDeletebeforereplace(replaces.length > 0 && mod.deleteBeforeReplace?.(news) === true)
      .setHasdetaileddiff(true);
    for (const key of changed) {
      res
        .getDetaileddiffMap()
        .set(
          key,
          new providerPb.PropertyDiff()
            .setKind(
              replaces.includes(key)
                ? providerPb.PropertyDiff.Kind.UPDATE_REPLACE
                : providerPb.PropertyDiff.Kind.UPDATE,
            )
            .setInputdiff(true),
        );
    }
    return res;
  });

  private create = handle<providerPb.CreateRequest, providerPb.CreateResponse>(async (req) => {
    const mod = moduleFor(typeOf(req));
    const inputs = unwrap(req.getProperties());
    const secrets = [...inputs.secretKeys, ...lifecycle.secretKeys(mod)];
    if (req.getPreview()) {
      return new providerPb.CreateResponse().setProperties(
        toStruct(lifecycle.previewCreate(mod, inputs.props), secrets),
      );
    }
    try {
      const { id, state } = await lifecycle.create(this.client(), mod, inputs.props);
      return new providerPb.CreateResponse().setId(id).setProperties(toStruct(state, secrets));
    } catch (e) {
      if (e instanceof lifecycle.CreatedButUnreadError) {
        throw new InitFailed(e.id, toStruct(e.state, secrets), e.message);
      }
      throw e;
    }
  });

  private read = handle<providerPb.ReadRequest, providerPb.ReadResponse>(async (req) => {
    const mod = moduleFor(typeOf(req));
    const old = unwrap(req.getProperties());
    const oldInputs = req.hasInputs() ? unwrap(req.getInputs()) : undefined;
    const found = await lifecycle.read(
      this.client(),
      mod,
      req.getId(),
      old.props,
      oldInputs?.props,
    );
    // An empty id tells the engine the object is gone.
    if (!found) return new providerPb.ReadResponse();
    const secrets = [...old.secretKeys, ...lifecycle.secretKeys(mod)];
    return new providerPb.ReadResponse()
      .setId(req.getId())
      .setProperties(toStruct(found.state, secrets))
      .setInputs(
        toStruct(found.inputs, [...(oldInputs?.secretKeys ?? []), ...lifecycle.secretKeys(mod)]),
      );
  });

  private update = handle<providerPb.UpdateRequest, providerPb.UpdateResponse>(async (req) => {
    const mod = moduleFor(typeOf(req));
    const olds = unwrap(req.getOlds());
    const news = unwrap(req.getNews());
    const secrets = [...olds.secretKeys, ...news.secretKeys, ...lifecycle.secretKeys(mod)];
    if (req.getPreview()) {
      return new providerPb.UpdateResponse().setProperties(
        toStruct(lifecycle.previewUpdate(olds.props, news.props), secrets),
      );
    }
    const state = await lifecycle.update(this.client(), mod, req.getId(), olds.props, news.props);
    return new providerPb.UpdateResponse().setProperties(toStruct(state, secrets));
  });

  private delete = handle<providerPb.DeleteRequest, emptyPb.Empty>(async (req) => {
    const mod = moduleFor(typeOf(req));
    await lifecycle.remove(this.client(), mod, req.getId(), unwrap(req.getProperties()).props);
    return new emptyPb.Empty();
  });

  private cancel = handle<emptyPb.Empty, emptyPb.Empty>(() => new emptyPb.Empty());
}
