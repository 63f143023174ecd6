import type { Language } from './types.js';

const SPANISH = new Set(
  ('que no de la el y me mi quiero estoy puedo tengo cuanto cuanta cuantos cuantas como por para es una un con los las del se lo mas muy ' +
    'pero ya dosis pastillas morir ayuda hola gracias esta estan soy eres hace tiene tuvo dejar dejarlo golpe sin hijo hija esposa esposo ' +
    'mama papa nadie todo todos nada vida quiere puede debo seguir vivir dormir sueno abstinencia sintomas donde cuando porque tambien ' +
    'necesito siento creo hacer ahora hoy noche dia tomar tome tomo le su sus al eso esto este').split(' '),
);
const ENGLISH = new Set(
  ('the and i you my is it to of a in what how can do does for with on me be im dont this that are have was just not so if or ' +
    'should will would about get take taking withdrawal feel like help any when why who where').split(' '),
);

/**
 * The reply language: an explicit Spanish locale wins; otherwise the words decide, and a
 * short or unclear message keeps the conversation's language.
 */
export const detectLanguage = (text: string, locale: string | undefined, previous: Language | undefined): Language => {
  if (locale?.toLowerCase().startsWith('es')) return 'es';
  const lower = text.toLowerCase();
  const words = lower.normalize('NFKD').replace(/\p{M}/gu, '').split(/[^a-z]+/).filter(Boolean);
  let es = /[¿¡ñ]/.test(lower) ? 2 : 0;
  let en = 0;
  for (const w of words) {
    if (SPANISH.has(w)) es++;
    if (ENGLISH.has(w)) en++;
  }
  if (es >= 2 && es > en) return 'es';
  if (en >= 1 && en >= es) return 'en';
  if (es >= 1 && en === 0 && words.length <= 3) return previous ?? 'es';
  return previous ?? (locale?.toLowerCase().startsWith('en') ? 'en' : 'en');
};
