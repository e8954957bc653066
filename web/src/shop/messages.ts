import type { Language, Translation } from '../shared/i18n/language.js';
import { en as pagesEn, zh as pagesZh } from './pages/messages.js';

/** The storefront's words. English is the source of keys; the Chinese dictionary must have them all. */

const base = {
  'app.name': 'Scrip Shop',
  'app.demo': 'Demo storefront',
  'nav.label': 'Shop sections',
  'nav.home': 'Home',
  'nav.coupons': 'Coupon centre',
  'nav.wallet': 'Wallet',
  'nav.cart': 'Cart',
  'nav.orders': 'Orders',

  'redeem.open': 'Redeem a gift card',
  'redeem.title': 'Redeem a gift card',
  'redeem.intro': 'Enter the code from your card. It is added to your wallet and can pay for orders.',
  'redeem.code': 'Gift card code',
  'redeem.code_hint': 'Letters and digits, in groups of four. Case, spaces and dashes do not matter.',
  'redeem.submit': 'Add to wallet',
  'redeem.code_required': 'Enter the code from your card.',
  'redeem.need_shopper': 'Choose a demo shopper first (top of the page): the card goes into that shopper’s wallet.',
  'redeem.unavailable': 'Redeeming arrives with the gift cards API. The code was not sent anywhere.',
  'redeem.done': 'The card is in your wallet.',

  'shopper.label': 'Shopper',
  'shopper.none': 'Not signed in',
  'shopper.unavailable': 'No demo shoppers yet',
  'shopper.hint': 'The platform owns shopper identity; this demo signs in as one of its shoppers.',

  'home.title': 'Gift cards and coupons',
  'home.lead': 'Give a gift card, claim coupons, and pay with both at checkout.',
  'home.redeem_title': 'Have a gift card?',
  'home.redeem_body': 'Redeem it into your wallet in a few seconds.',
  'home.buy_title': 'Buy a gift card',
  'home.sections': 'In this shop',

  'section.coupons': 'Coupon centre',
  'section.coupons_body': 'Coupons you can claim now, with their rules and how long they last.',
  'section.wallet': 'Wallet',
  'section.wallet_body': 'Your gift cards with balances and history, your coupons by state, and what expires soon.',
  'section.cart': 'Cart and checkout',
  'section.cart_body': 'A cart across several shops; checkout picks the best coupons, explains the others, and applies gift cards.',
  'section.orders': 'Orders',
  'section.orders_body': 'Your orders, with cancel, refund and confirm receipt.',
  'section.buy': 'Buy a gift card',
  'section.buy_body': 'Choose a design and a denomination, see the sale price next to the face value, add a recipient and a message.',

  'api.giftcards': 'gift cards',
  'api.coupons': 'coupons',
  'api.checkout': 'checkout',

  'notfound.title': 'Page not found',
  'notfound.home': 'Back to the shop',

  'shelf.title': 'Shop by merchant',
  'shelf.add': 'Add to cart',
  'shelf.add_named': 'Add {name} to the cart',
  'shelf.added': '{name} is in the cart.',
  'cart.empty': 'The cart is empty.',
  'cart.go_shopping': 'Browse the shelves',
  'cart.summary': '{items} items from {merchants} merchants',
  'cart.items': '{count} items',
  'cart.less': 'One fewer {name}',
  'cart.more': 'One more {name}',
  'cart.quantity_of': 'Quantity of {name}',
  'cart.remove': 'Remove',
  'cart.remove_named': 'Remove {name}',
  'cart.subtotal': 'Subtotal',
  'cart.total': 'Total before coupons and gift cards',
  'cart.clear': 'Empty the cart',
} as const;

const baseZh: Translation<typeof base> = {
  'app.name': 'Scrip 商城',
  'app.demo': '演示商城',
  'nav.label': '商城栏目',
  'nav.home': '首页',
  'nav.coupons': '领券中心',
  'nav.wallet': '卡券包',
  'nav.cart': '购物车',
  'nav.orders': '订单',

  'redeem.open': '兑换礼品卡',
  'redeem.title': '兑换礼品卡',
  'redeem.intro': '输入卡上的卡密，礼品卡将绑定到你的卡券包，可用于支付订单。',
  'redeem.code': '礼品卡卡密',
  'redeem.code_hint': '字母和数字，每四位一组。不区分大小写，空格和短横线可忽略。',
  'redeem.submit': '绑定到卡券包',
  'redeem.code_required': '请输入卡上的卡密。',
  'redeem.need_shopper': '请先在页面顶部选择一位演示用户：礼品卡将绑定到该用户的卡券包。',
  'redeem.unavailable': '兑换功能将随礼品卡 API 上线。卡密未被发送。',
  'redeem.done': '礼品卡已绑定到你的卡券包。',

  'shopper.label': '用户',
  'shopper.none': '未登录',
  'shopper.unavailable': '暂无演示用户',
  'shopper.hint': '用户身份由平台管理；本演示以平台中的某位用户身份登录。',

  'home.title': '礼品卡与优惠券',
  'home.lead': '赠送礼品卡、领取优惠券，结账时一起使用。',
  'home.redeem_title': '有礼品卡？',
  'home.redeem_body': '几秒钟即可绑定到你的卡券包。',
  'home.buy_title': '购买礼品卡',
  'home.sections': '商城栏目',

  'section.coupons': '领券中心',
  'section.coupons_body': '现在可以领取的优惠券，以及它们的使用规则和有效期。',
  'section.wallet': '卡券包',
  'section.wallet_body': '你的礼品卡余额与流水、各状态的优惠券，以及即将到期的卡券。',
  'section.cart': '购物车与结算',
  'section.cart_body': '跨店购物车；结算时自动选择最优优惠券，说明其他券不可用的原因，并可使用礼品卡。',
  'section.orders': '订单',
  'section.orders_body': '你的订单，可取消、退款和确认收货。',
  'section.buy': '购买礼品卡',
  'section.buy_body': '选择卡面和面值，对比售价与面值，填写收卡人和祝福语。',

  'api.giftcards': '礼品卡',
  'api.coupons': '优惠券',
  'api.checkout': '结算',

  'notfound.title': '页面不存在',
  'notfound.home': '返回商城',

  'shelf.title': '按商家选购',
  'shelf.add': '加入购物车',
  'shelf.add_named': '将{name}加入购物车',
  'shelf.added': '{name}已加入购物车。',
  'cart.empty': '购物车是空的。',
  'cart.go_shopping': '去逛逛',
  'cart.summary': '共 {items} 件，来自 {merchants} 个商家',
  'cart.items': '{count} 件',
  'cart.less': '{name}减一件',
  'cart.more': '{name}加一件',
  'cart.quantity_of': '{name}的数量',
  'cart.remove': '删除',
  'cart.remove_named': '删除{name}',
  'cart.subtotal': '小计',
  'cart.total': '合计（未计优惠券与礼品卡）',
  'cart.clear': '清空购物车',
};

const en = { ...base, ...pagesEn };
const zh: Translation<typeof en> = { ...baseZh, ...pagesZh };

export type ShopKey = keyof typeof en;

export const shopDictionaries: Record<Language, Translation<typeof en>> = { en, 'zh-CN': zh };
