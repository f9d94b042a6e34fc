// Help text in the layout of Core's RPCHelpMan::ToString (rpc/util.cpp), so `help <method>` reads
// the same as in bitcoind: one-line synopsis, description, Arguments, Result, Examples.

import { fromPlainJson } from "./json-value.js";
import { isOptionalParam, type RpcMethod, type RpcParam, type RpcResultDoc } from "./rpc-method.js";
import { writeJson } from "./write-json.js";

interface Section {
  left: string;
  right: string;
}

/** Two-column text: left parts padded to the widest plus four, right parts re-indented. */
class Sections {
  readonly items: Section[] = [];
  maxPad = 0;

  push(left: string, right: string): void {
    this.items.push({ left, right });
    this.maxPad = Math.max(this.maxPad, left.length);
  }

  toString(): string {
    const pad = this.maxPad + 4;
    let out = "";
    for (const { left, right } of this.items) {
      if (right === "") {
        out += `${left}\n`;
        continue;
      }
      // Continuation lines of a description start under its first line, leading spaces trimmed.
      const lines = right.split("\n").map((l, i) => (i === 0 ? l : l.replace(/^ +/, "")));
      out += `${left.padEnd(pad)}${lines.join(`\n${" ".repeat(pad)}`)}\n`;
    }
    return out;
  }
}

function typeWords(param: RpcParam): string {
  if (param.typeStr) return param.typeStr[1];
  switch (param.type) {
    case "str":
    case "hex":
    case "hash":
      return "string";
    case "num":
    case "int":
      return "numeric";
    case "amount":
      return "numeric or string";
    case "range":
      return "numeric or array";
    case "bool":
      return "boolean";
    case "obj":
    case "obj_user_keys":
      return "json object";
    case "arr":
      return "json array";
    case "any":
      return "any";
  }
}

/** `(type, optional, default=...) description` (Core's `RPCArg::ToDescriptionString`). */
function describeParam(param: RpcParam, isNamed: boolean): string {
  let out = `(${typeWords(param)}`;
  if (param.defaultHint !== undefined) out += `, optional, default=${param.defaultHint}`;
  else if (param.default !== undefined) {
    out += `, optional, default=${writeJson(fromPlainJson(param.default))}`;
  } else if (param.optional) {
    if (isNamed) out += ", optional";
  } else out += ", required";
  out += ")";
  return param.description ? `${out} ${param.description}` : out;
}

/** An argument in the synopsis line (Core's `RPCArg::ToString(oneline)`). */
function onelineParam(param: RpcParam): string {
  if (param.oneline !== undefined) return param.oneline;
  switch (param.type) {
    case "str":
    case "hex":
    case "hash":
      return `"${param.name}"`;
    case "obj":
      return `{${(param.inner ?? []).map(objMember).join(",")}}`;
    case "obj_user_keys":
      return `{${(param.inner ?? []).map(objMember).join(",")},...}`;
    case "arr":
      return `[${(param.inner ?? []).map((p) => `${onelineParam(p)},`).join("")}...]`;
    default:
      return param.name;
  }
}

/** An object member in a skeleton (Core's `RPCArg::ToStringObj`). */
function objMember(param: RpcParam): string {
  const key = `"${param.name}":`;
  switch (param.type) {
    case "str":
      return `${key}"str"`;
    case "hex":
    case "hash":
      return `${key}"hex"`;
    case "num":
    case "int":
      return `${key}n`;
    case "range":
      return `${key}n or [n,n]`;
    case "amount":
      return `${key}amount`;
    case "bool":
      return `${key}bool`;
    case "arr":
      return `${key}[${(param.inner ?? []).map((p) => `${onelineParam(p)},`).join("")}...]`;
    default:
      return `${key}{...}`;
  }
}

/** Nested members of an object or array argument (Core's `Sections::Push`). */
function pushInner(
  sections: Sections,
  param: RpcParam,
  indent: number,
  outer: "none" | "obj" | "arr",
): void {
  const sp = " ".repeat(indent);
  const next = " ".repeat(indent + 2);
  const named = outer === "obj";
  const top = outer === "none";
  const isContainer =
    param.type === "obj" || param.type === "obj_user_keys" || param.type === "arr";
  if (!isContainer) {
    if (top) return;
    const body =
      param.typeStr && named
        ? `"${param.name}": ${param.typeStr[0]}`
        : named
          ? objMember(param)
          : onelineParam(param);
    sections.push(`${sp}${body},`, describeParam(param, named));
    return;
  }
  const right = top ? "" : describeParam(param, named);
  const key = named ? `"${param.name}": ` : "";
  const [open, close] = param.type === "arr" ? ["[", "]"] : ["{", "}"];
  sections.push(`${sp}${key}${open}`, right);
  for (const inner of param.inner ?? []) {
    pushInner(sections, inner, indent + 2, param.type === "arr" ? "arr" : "obj");
  }
  if (param.type !== "obj") sections.push(`${next}...`, "");
  sections.push(`${sp}${close}${top ? "" : ","}`, "");
}

/** One result node and its members (Core's `RPCResult::ToSections`). */
function pushResult(
  sections: Sections,
  doc: RpcResultDoc,
  outer: "none" | "obj" | "arr",
  indent: number,
): void {
  const sp = " ".repeat(indent);
  const next = " ".repeat(indent + 2);
  const sep = outer === "none" ? "" : ",";
  const key = outer === "obj" ? `"${doc.key ?? ""}" : ` : "";
  const describe = (type: string) =>
    `(${type}${doc.optional ? ", optional" : ""})${doc.description ? ` ${doc.description}` : ""}`;
  switch (doc.type) {
    case "elision":
      sections.push(`${sp}...${sep}`, doc.description ?? "");
      return;
    case "any":
      return;
    case "none":
      sections.push(`${sp}null${sep}`, describe("json null"));
      return;
    case "str":
      sections.push(`${sp}${key}"str"${sep}`, describe("string"));
      return;
    case "str_amount":
    case "num":
      sections.push(`${sp}${key}n${sep}`, describe("numeric"));
      return;
    case "str_hex":
      sections.push(`${sp}${key}"hex"${sep}`, describe("string"));
      return;
    case "num_time":
      sections.push(`${sp}${key}xxx${sep}`, describe("numeric"));
      return;
    case "bool":
      sections.push(`${sp}${key}true|false${sep}`, describe("boolean"));
      return;
    case "arr":
    case "arr_fixed": {
      const inner = doc.inner ?? [];
      sections.push(`${sp}${key}[`, describe("json array"));
      for (const i of inner) pushResult(sections, i, "arr", indent + 2);
      if (doc.type === "arr" && inner.at(-1)?.type !== "elision") sections.push(`${next}...`, "");
      else dropTrailingComma(sections);
      sections.push(`${sp}]${sep}`, "");
      return;
    }
    case "obj":
    case "obj_dyn": {
      const inner = doc.inner ?? [];
      if (inner.length === 0) {
        sections.push(`${sp}${key}{}`, describe("empty JSON object"));
        return;
      }
      sections.push(`${sp}${key}{`, describe("json object"));
      for (const i of inner) pushResult(sections, i, "obj", indent + 2);
      if (doc.type === "obj_dyn" && inner.at(-1)?.type !== "elision") {
        sections.push(`${next}...`, "");
      } else dropTrailingComma(sections);
      sections.push(`${sp}}${sep}`, "");
      return;
    }
  }
}

function dropTrailingComma(sections: Sections): void {
  const last = sections.items.at(-1);
  if (last?.left.endsWith(",")) last.left = last.left.slice(0, -1);
}

/** The one-line synopsis, e.g. `getblock "blockhash" ( verbosity )`. */
export function methodSynopsis(method: RpcMethod): string {
  let out = method.name;
  let wasOptional = false;
  for (const param of method.params) {
    if (param.hidden) break;
    const optional = isOptionalParam(param);
    out += " ";
    if (optional) {
      if (!wasOptional) out += "( ";
      wasOptional = true;
    } else {
      if (wasOptional) out += ") ";
      wasOptional = false;
    }
    out += onelineParam(param);
  }
  if (wasOptional) out += " )";
  return out;
}

/** The full help text of one method, in Core's layout. */
export function methodHelp(method: RpcMethod): string {
  let out = `${methodSynopsis(method)}\n\n${method.description.trim()}\n`;
  const args = new Sections();
  method.params.some((param, i) => {
    if (param.hidden) return true;
    args.push(`${i + 1}. ${param.name}`, describeParam(param, true));
    pushInner(args, param, 5, "none");
    return false;
  });
  if (args.items.length > 0) out += `\nArguments:\n${args.toString()}`;
  for (const doc of method.result) {
    if (doc.type === "any") continue;
    out += doc.cond ? `\nResult (${doc.cond}):\n` : "\nResult:\n";
    const sections = new Sections();
    pushResult(sections, doc, "none", 0);
    out += sections.toString();
  }
  if (method.examples) out += `\nExamples:\n${method.examples}`;
  return out;
}
