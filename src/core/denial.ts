import { normalize } from '../safety/normalize.js';

// After a crisis reply these must not switch the conversation back to normal; they get a
// gentle follow-up that keeps the helplines in view (research/safety.md §4.4 row 12).
const DENIAL = /^(?:(?:lol|haha|ok|okay|nah|no|sorry|oh|um|uh|well|anyway|just|actually) )*(?:jk|j k|just kidding|kidding|im kidding|i was kidding|i was joking|just joking|joking|never ?mind|nvm|forget it|forget i said (?:that|anything)|ignore that|ignore me|you misunderstood|you misunderstood me|i didnt mean it|i dont mean it|i didnt mean that|not serious|im fine|im ok|im okay|i am fine|im good|all good|its fine|its nothing|nothing|no worries|es broma|era broma|olvidalo|no pasa nada|estoy bien)(?: (?:lol|haha|lmao|never ?mind|nvm|im fine|im ok|really|seriously|anyway|ok|okay|its fine))*$/;

export const isDenial = (text: string): boolean => DENIAL.test(normalize(text));
