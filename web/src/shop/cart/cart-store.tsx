import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { addToCart, type Cart, type CartLine, parseStoredCart, removeLine, setQuantity } from './cart.js';

/** The cart, kept in localStorage so it survives reloads and is shared by the tabs of this browser. */

const STORAGE_KEY = 'scrip.shop.cart';

interface CartValue {
  cart: Cart;
  add(item: Omit<CartLine, 'quantity'>, quantity?: number): void;
  setQuantity(key: Pick<CartLine, 'merchantId' | 'sku'>, quantity: number): void;
  remove(key: Pick<CartLine, 'merchantId' | 'sku'>): void;
  clear(): void;
}

const CartContext = createContext<CartValue | null>(null);

function load(): Cart {
  try {
    return parseStoredCart(localStorage.getItem(STORAGE_KEY));
  } catch {
    return [];
  }
}

export function CartProvider({ children }: { children: ReactNode }) {
  const [cart, setCart] = useState<Cart>(load);
  useEffect(() => {
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(cart));
    } catch {
      // Not kept; still usable on this page.
    }
  }, [cart]);
  // Another tab changed the cart: follow it.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === STORAGE_KEY) setCart(parseStoredCart(event.newValue));
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const add = useCallback((item: Omit<CartLine, 'quantity'>, quantity = 1) => setCart((c) => addToCart(c, item, quantity)), []);
  const change = useCallback((key: Pick<CartLine, 'merchantId' | 'sku'>, quantity: number) => setCart((c) => setQuantity(c, key, quantity)), []);
  const remove = useCallback((key: Pick<CartLine, 'merchantId' | 'sku'>) => setCart((c) => removeLine(c, key)), []);
  const clear = useCallback(() => setCart([]), []);
  const value = useMemo(() => ({ cart, add, setQuantity: change, remove, clear }), [cart, add, change, remove, clear]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartValue {
  const value = useContext(CartContext);
  if (!value) throw new Error('CartProvider is missing');
  return value;
}
