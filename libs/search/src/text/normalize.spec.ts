import { describe, expect, it } from 'vitest';
import { compactText, foldText, tokenize } from './normalize';

describe('foldText', () => {
  it.each([
    ['Steins;Gate', 'steins gate'],
    ['Kaguya-sama: Love Is War', 'kaguya sama love is war'],
    ['Re:ZERO -Starting Life in Another World-', 're zero starting life in another world'],
    ['Pokémon', 'pokemon'],
    ['Shingeki no Kyojin: The Final Season', 'shingeki no kyojin the final season'],
    ['HUNTER×HUNTER', 'hunter x hunter'],
    ['Don’t Toy with Me, Miss Nagatoro', 'dont toy with me miss nagatoro'],
    ['ＳＰＹ×ＦＡＭＩＬＹ', 'spy x family'],
    ['Gintama°', 'gintama'],
    ['Ковбой Бибоп', 'ковбои бибоп'], // й folds like any diacritic; query and index fold alike
  ])('%s → %s', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('keeps kana voicing marks (they change the word)', () => {
    expect(foldText('ドラゴンボール')).toBe('ドラゴンボール');
    expect(foldText('ｶｳﾎﾞｰｲﾋﾞﾊﾞｯﾌﾟ')).toBe('カウボーイビバップ');
  });
});

describe('tokenize', () => {
  it('splits words and makes CJK bigrams', () => {
    expect(tokenize(foldText('Steins;Gate 0'))).toEqual(['steins', 'gate', '0']);
    expect(tokenize(foldText('進撃の巨人'))).toEqual(['進撃', '撃の', 'の巨', '巨人']);
    expect(tokenize(foldText('카우보이 비밥'))).toEqual(['카우', '우보', '보이', '비밥']);
    expect(tokenize('ドラゴンボールz')).toEqual(['ドラ', 'ラゴ', 'ゴン', 'ンボ', 'ボー', 'ール', 'z']);
    expect(compactText(foldText('Steins;Gate'))).toBe('steinsgate');
  });
});
