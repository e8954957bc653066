import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '../../shared/components/fields.js';
import { useAction } from '../../shared/components/use-action.js';
import { useFormat, useLanguage } from '../../shared/i18n/i18n.js';
import { complaintText, fieldError } from '../components/validation.js';
import { useT } from '../i18n.js';
import { type BatchComplaints, type BatchDraft, checkBatchDraft, OTHER_FACE } from './batches.js';
import { type Batch, giftcardsApi, type Product } from './giftcards-api.js';
import { CardSection } from '../components/card-section.js';
import { FormFooter } from '../components/form-footer.js';

/** Asking for a batch: product, face value (a denomination or an amount in the custom range), how many cards. */
export function BatchRequestForm({ products, onRequested }: { products: readonly Product[]; onRequested(batch: Batch): void }) {
  const t = useT();
  const format = useFormat();
  const { language } = useLanguage();
  const physical = products.filter((p) => p.form === 'physical' && p.status === 'active');
  const first = physical[0];
  const [draft, setDraft] = useState<BatchDraft>({ product_id: first?.id ?? '', face: String(first?.denominations[0]?.face ?? OTHER_FACE), other_face: '', quantity: '' });
  const [complaints, setComplaints] = useState<BatchComplaints>({});
  const request = useAction(giftcardsApi.requestBatch);
  const product = physical.find((p) => p.id === draft.product_id);
  const say = (field: keyof BatchComplaints) => complaintText(t, complaints[field]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkBatchDraft(draft, physical, {
      amount: t('products.amount_rule'),
      range: (min, max, currency) => t('batches.range_rule', { min: format.money(min, currency), max: format.money(max, currency) }),
      quantity: t('batches.quantity_rule'),
    });
    setComplaints(checked.complaints);
    if (!checked.input) return;
    const batch = await request.run(checked.input);
    if (batch) onRequested(batch);
  }

  const faces = product
    ? [
        ...product.denominations.map((d) => ({ value: String(d.face), label: format.money(d.face, product.currency) })),
        ...(product.custom_range ? [{ value: OTHER_FACE, label: t('batches.other_face') }] : []),
      ]
    : [];
  return (
    <CardSection id="batch-request" title={t('batches.request')}>
      {physical.length === 0 ? (
        <p className="muted">{t('batches.no_physical')}</p>
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <div className="form-grid">
            <SelectField
              label={t('card.product')}
              hint={t('batches.request_hint')}
              required
              value={draft.product_id}
              onChange={(e) => {
                const next = physical.find((p) => p.id === e.target.value);
                setDraft({ ...draft, product_id: e.target.value, face: String(next?.denominations[0]?.face ?? OTHER_FACE) });
              }}
              options={physical.map((p) => ({ value: p.id, label: `${p.name[language]} (${p.id})` }))}
              error={say('product_id') ?? fieldError(request.error, 'product_id', { giftcard_product_invalid: 'product_id', giftcard_product_retired: 'product_id', giftcard_product_not_found: 'product_id' })}
            />
            <SelectField
              label={t('batches.face')}
              required
              value={draft.face}
              onChange={(e) => setDraft({ ...draft, face: e.target.value })}
              options={faces}
              error={say('face') ?? fieldError(request.error, 'face', { giftcard_denomination_invalid: 'face' })}
            />
            {draft.face === OTHER_FACE ? (
              <TextField
                label={t('batches.other_face_label')}
                name="other_face"
                inputMode="decimal"
                required
                hint={product?.custom_range ? t('batches.range_rule', { min: format.money(product.custom_range.min, product.currency), max: format.money(product.custom_range.max, product.currency) }) : undefined}
                value={draft.other_face}
                onChange={(e) => setDraft({ ...draft, other_face: e.target.value })}
                error={say('other_face')}
              />
            ) : null}
            <TextField
              label={t('batches.quantity')}
              name="quantity"
              inputMode="numeric"
              required
              hint={t('batches.quantity_rule')}
              value={draft.quantity}
              onChange={(e) => setDraft({ ...draft, quantity: e.target.value })}
              error={say('quantity') ?? fieldError(request.error, 'quantity')}
            />
          </div>
          <FormFooter submit={t('batches.submit')} busy={request.busy} error={request.error} />
        </form>
      )}
    </CardSection>
  );
}
