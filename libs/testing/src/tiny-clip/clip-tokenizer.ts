/**
 * A CLIP byte-level BPE tokenizer in the `tokenizers` JSON layout (what transformers.js loads):
 * every byte as a token (alone and word-final `</w>`), merges for a handful of common words, and
 * the two CLIP specials at the end. Same normaliser, pre-tokeniser and post-processor as the real
 * `openai/clip-vit-base-patch32` tokenizer, with a vocabulary small enough for a test model.
 */
const BOS = '<|startoftext|>';
const EOS = '<|endoftext|>';
const WORDS = ['the', 'of', 'and', 'no', 'anime', 'movie', 'school', 'action', 'comedy', 'drama', 'romance', 'fantasy', 'studio', 'photo', 'poster'];

export interface ClipTokenizerFiles {
  tokenizer: object;
  tokenizerConfig: object;
  vocabSize: number;
  bosTokenId: number;
  eosTokenId: number;
}

/** Builds `tokenizer.json` + `tokenizer_config.json` contents and the ids the model config needs. */
export function buildClipTokenizer(maxLength: number): ClipTokenizerFiles {
  const vocab: Record<string, number> = {};
  const symbols = byteSymbols();
  symbols.forEach((s, byte) => (vocab[s] = byte));
  symbols.forEach((s, byte) => (vocab[`${s}</w>`] = 256 + byte));
  const merges: string[] = [];
  for (const word of WORDS) {
    const parts = [...word].map((c, i, all) => (i === all.length - 1 ? `${c}</w>` : c));
    let merged = parts[0];
    for (const part of parts.slice(1)) {
      const rule = `${merged} ${part}`;
      merged += part;
      if (merges.includes(rule)) continue;
      merges.push(rule);
      vocab[merged] ??= Object.keys(vocab).length;
    }
  }
  const bosTokenId = Object.keys(vocab).length;
  const eosTokenId = bosTokenId + 1;
  vocab[BOS] = bosTokenId;
  vocab[EOS] = eosTokenId;

  const special = (id: number, content: string, normalized: boolean): object => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized, special: true });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(bosTokenId, BOS, true), special(eosTokenId, EOS, false)],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        {
          type: 'Split',
          pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" },
          behavior: 'Removed',
          invert: true,
        },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: [EOS, eosTokenId], cls: [BOS, bosTokenId], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: EOS, continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
  const tokenizerConfig = {
    tokenizer_class: 'CLIPTokenizer',
    model_max_length: maxLength,
    do_lower_case: true,
    bos_token: BOS,
    eos_token: EOS,
    unk_token: EOS,
    pad_token: EOS,
    add_prefix_space: false,
    errors: 'replace',
    clean_up_tokenization_spaces: true,
  };
  return { tokenizer, tokenizerConfig, vocabSize: eosTokenId + 1, bosTokenId, eosTokenId };
}

/** GPT-2's bytes_to_unicode: printable bytes stand for themselves, the rest map to U+0100 onwards. */
function byteSymbols(): string[] {
  const printable = (b: number): boolean => (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
  let shifted = 0;
  return Array.from({ length: 256 }, (_, b) => String.fromCharCode(printable(b) ? b : 256 + shifted++));
}
