import { onnx } from 'onnx-proto';

/** ONNX IR 8 / opset 17: what onnxruntime-node 1.21 (transformers.js 3.x) and 1.30 (4.x) both load. */
const IR_VERSION = 8;
const OPSET = 17;

type AttrValue = number | number[];
/** Attribute values: integers become INT/INTS, anything with a fraction FLOAT; `float(x)` forces FLOAT. */
export type Attrs = Record<string, AttrValue | { float: number }>;

/** Marks an attribute value as FLOAT even when it is a whole number. */
export const float = (value: number): { float: number } => ({ float: value });

/** A graph input/output: name, element type and shape (strings are symbolic dims). */
export interface IoSpec {
  name: string;
  type: 'float32' | 'int64';
  shape: (number | string)[];
}

/**
 * A tiny ONNX graph builder over `onnx-proto`: named initializers drawn from one seeded random
 * stream, nodes with sequential names, then a deterministic `encode()` — the same calls give
 * the same bytes, which is what makes a generated test model reproducible.
 */
export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private counter = 0;

  constructor(private readonly random: () => number) {}

  /** A float tensor of uniform noise with the given standard deviation. */
  weight(dims: number[], std: number): string {
    const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
    const half = std * Math.sqrt(3); // uniform on [-a, a] has std a/√3
    for (let i = 0; i < data.length; i++) data[i] = (this.random() * 2 - 1) * half;
    return this.floats(dims, data);
  }

  /** A float tensor filled with one value (LayerNorm scales and shifts). */
  filled(dims: number[], value: number): string {
    return this.floats(dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value));
  }

  /** A float tensor with the given values. */
  floats(dims: number[], data: Float32Array): string {
    return this.initializer(dims, onnx.TensorProto.DataType.FLOAT, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  }

  /** An int64 tensor (shapes, axes, indices); `dims` [] makes a scalar. */
  int64(values: number[], dims: number[] = [values.length]): string {
    const data = new BigInt64Array(values.map((v) => BigInt(v)));
    return this.initializer(dims, onnx.TensorProto.DataType.INT64, new Uint8Array(data.buffer));
  }

  /** Adds a node and returns the name of its (single) output. */
  op(opType: string, inputs: string[], attrs: Attrs = {}): string {
    const id = this.next();
    const output = `${opType}_${id}`;
    this.nodes.push({ opType, name: `n_${id}`, input: inputs, output: [output], attribute: Object.entries(attrs).map(([name, v]) => attribute(name, v)) });
    return output;
  }

  /** Serialises the graph as a complete model file. */
  encode(name: string, inputs: IoSpec[], outputs: { spec: IoSpec; from: string }[]): Uint8Array {
    const nodes = [...this.nodes, ...outputs.map(({ spec, from }) => ({ opType: 'Identity', name: `out_${spec.name}`, input: [from], output: [spec.name] }))];
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport: [{ domain: '', version: OPSET }],
      producerName: 'anime-testing-tiny-clip',
      graph: { name, node: nodes, initializer: this.initializers, input: inputs.map(valueInfo), output: outputs.map((o) => valueInfo(o.spec)) },
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private initializer(dims: number[], dataType: number, rawData: Uint8Array): string {
    const name = `w_${this.next()}`;
    this.initializers.push({ name, dims, dataType, rawData });
    return name;
  }

  private next(): number {
    return this.counter++;
  }
}

function attribute(name: string, value: AttrValue | { float: number }): onnx.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
  if (typeof value === 'object') return { name, type: AttributeType.FLOAT, f: value.float };
  return Number.isInteger(value) ? { name, type: AttributeType.INT, i: value } : { name, type: AttributeType.FLOAT, f: value };
}

function valueInfo(spec: IoSpec): onnx.IValueInfoProto {
  const elemType = spec.type === 'float32' ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64;
  const dim = spec.shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name: spec.name, type: { tensorType: { elemType, shape: { dim } } } };
}
