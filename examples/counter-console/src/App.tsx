import { useState, type FormEvent, type ReactNode } from 'react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useQuery, useReactiveVar } from '@apollo/client/react';
import { staleByOperation } from './apollo';
import { agencyName, formatAge, formatDate, formatRupiah, RELATIONSHIPS } from './format';
import { checkNik } from './nik';
import { PayTax } from './PayTax';
import { CitizenView } from './queries';
import type { CitizenViewQuery } from './gql/graphql';

type Citizen = NonNullable<CitizenViewQuery['citizen']>;

export interface Officer {
  officerId: string;
  purpose: string;
}

export function App({ officer, onOfficer }: { officer: Officer; onOfficer: (o: Officer) => void }) {
  const [input, setInput] = useState('');
  const [problem, setProblem] = useState<string>();
  const [nik, setNik] = useState<string>();

  function search(event: FormEvent) {
    event.preventDefault();
    const checked = checkNik(input);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(undefined);
    setNik(checked.nik);
  }

  return (
    <main>
      <h1>Loket MPP — Data Warga</h1>
      <form onSubmit={search} aria-label="Cari warga">
        <label>
          Petugas (NIP)
          <input
            value={officer.officerId}
            onChange={(e) => onOfficer({ ...officer, officerId: e.target.value })}
            required
          />
        </label>
        <label>
          Nomor layanan
          <input
            value={officer.purpose}
            onChange={(e) => onOfficer({ ...officer, purpose: e.target.value })}
            required
          />
        </label>
        <label>
          NIK
          <input
            name="nik"
            inputMode="numeric"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="16 angka"
            aria-invalid={problem !== undefined}
          />
        </label>
        <button type="submit">Cari</button>
        {problem && (
          <p role="alert" className="problem">
            {problem}
          </p>
        )}
      </form>
      {nik && <CitizenPage nik={nik} />}
    </main>
  );
}

function CitizenPage({ nik }: { nik: string }) {
  const { data, error, loading } = useQuery(CitizenView, { variables: { nik } });
  const stale = useReactiveVar(staleByOperation)['CitizenView'] ?? [];
  // errorPolicy 'all': GraphQL errors arrive beside the data that did load.
  const errors = CombinedGraphQLErrors.is(error) ? error.errors : [];
  const failed = [
    ...new Set(
      errors.flatMap((e) =>
        typeof e.extensions?.['connector'] === 'string' ? [e.extensions['connector']] : [],
      ),
    ),
  ];
  const staleAge = (connector: string) => stale.find((s) => s.connector === connector)?.ageSeconds;

  if (loading && !data) return <p>Memuat data…</p>;
  if (error && !CombinedGraphQLErrors.is(error))
    return (
      <p role="alert" className="banner">
        Gateway tidak dapat dihubungi: {error.message}
      </p>
    );
  const citizen = data?.citizen;
  const sectionProps = (connector: string) => ({
    connector,
    failed: failed.includes(connector),
    staleAgeSeconds: staleAge(connector),
  });

  return (
    <>
      {failed.length > 0 && (
        <p role="alert" className="banner" data-testid="failed-agencies">
          Data dari instansi berikut tidak dapat dimuat: {failed.map(agencyName).join(', ')}. Data
          lainnya tetap ditampilkan.
        </p>
      )}
      {errors
        .filter((e) => e.extensions?.['connector'] === undefined)
        .map((e, i) => (
          <p role="alert" className="banner" key={i}>
            {e.message}
          </p>
        ))}
      {citizen === null && <p>NIK tidak terdaftar di Dukcapil.</p>}
      {citizen && (
        <>
          <Section title="Identitas dan keluarga (Dukcapil)" {...sectionProps('dukcapil')}>
            <Identity citizen={citizen} />
          </Section>
          <Section title="BPJS Kesehatan" {...sectionProps('bpjs-kesehatan')}>
            <Health insurance={citizen.healthInsurance} />
          </Section>
          <Section title="BPJS Ketenagakerjaan" {...sectionProps('bpjs-ketenagakerjaan')}>
            <Employment insurance={citizen.employmentInsurance} />
          </Section>
          <Section title="Pajak Bumi dan Bangunan (BPKD)" {...sectionProps('bpkd')}>
            <Tax objects={citizen.taxObjects} />
          </Section>
          <Section title="Rekening air (PDAM)" {...sectionProps('pdam')}>
            <Water accounts={citizen.waterAccounts} />
          </Section>
        </>
      )}
    </>
  );
}

function Section(props: {
  title: string;
  connector: string;
  failed: boolean;
  staleAgeSeconds: number | undefined;
  children: ReactNode;
}) {
  return (
    <section data-agency={props.connector} aria-label={props.title}>
      <h2>
        {props.title}
        {props.staleAgeSeconds !== undefined && (
          <span className="badge" data-testid="stale-badge">
            data tersimpan, {formatAge(props.staleAgeSeconds)}
          </span>
        )}
      </h2>
      {props.failed ? <p className="failed">Tidak dapat dimuat saat ini.</p> : props.children}
    </section>
  );
}

function Identity({ citizen }: { citizen: Citizen }) {
  return (
    <>
      <dl>
        <dt>Nama</dt>
        <dd>{citizen.fullName}</dd>
        <dt>Tempat, tanggal lahir</dt>
        <dd>
          {citizen.birthPlace ?? '—'}, {formatDate(citizen.birthDate)}
        </dd>
        <dt>Alamat</dt>
        <dd>
          {[
            citizen.address.street,
            citizen.address.village,
            citizen.address.district,
            citizen.address.regency,
          ]
            .filter(Boolean)
            .join(', ')}
        </dd>
      </dl>
      {citizen.family && (
        <table>
          <caption>Kartu Keluarga {citizen.family.kkNumber}</caption>
          <thead>
            <tr>
              <th>Nama</th>
              <th>Hubungan</th>
              <th>Tanggal lahir</th>
            </tr>
          </thead>
          <tbody>
            {citizen.family.members.map((m) => (
              <tr key={m.nik}>
                <td>{m.fullName}</td>
                <td>{m.relationship ? (RELATIONSHIPS[m.relationship] ?? m.relationship) : '—'}</td>
                <td>{formatDate(m.birthDate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Health({ insurance }: { insurance: Citizen['healthInsurance'] }) {
  if (!insurance) return <p>Tidak terdaftar sebagai peserta.</p>;
  return (
    <dl>
      <dt>Nomor kartu</dt>
      <dd>{insurance.cardNumber}</dd>
      <dt>Status</dt>
      <dd>{insurance.active ? 'Aktif' : (insurance.statusDescription ?? insurance.status)}</dd>
      <dt>Kelas rawat</dt>
      <dd>{insurance.careClass ? insurance.careClass.replace('CLASS_', 'Kelas ') : '—'}</dd>
      <dt>Faskes tingkat pertama</dt>
      <dd>{insurance.primaryCareProvider?.name ?? '—'}</dd>
    </dl>
  );
}

function Employment({ insurance }: { insurance: Citizen['employmentInsurance'] }) {
  if (!insurance) return <p>Tidak terdaftar sebagai peserta.</p>;
  return (
    <dl>
      <dt>Nomor KPJ</dt>
      <dd>{insurance.kpj}</dd>
      <dt>Status</dt>
      <dd>{insurance.status}</dd>
      <dt>Pemberi kerja</dt>
      <dd>{insurance.employer?.name ?? '—'}</dd>
      <dt>Iuran terakhir</dt>
      <dd>{insurance.lastContributionMonth ?? '—'}</dd>
      <dt>Saldo JHT</dt>
      <dd>
        {insurance.oldAgeSavingsBalance == null
          ? '—'
          : formatRupiah(insurance.oldAgeSavingsBalance)}
      </dd>
    </dl>
  );
}

function Tax({ objects }: { objects: Citizen['taxObjects'] }) {
  if (!objects || objects.length === 0) return <p>Tidak ada objek pajak atas nama warga.</p>;
  return (
    <>
      {objects.map((o) => (
        <div key={o.nop} className="tax-object" data-nop={o.nop}>
          <table>
            <caption>
              NOP {o.nopFormatted} — {o.location.street}, {o.location.village}: tunggakan{' '}
              {formatRupiah(o.outstandingTotal)}
            </caption>
            <thead>
              <tr>
                <th>Tahun</th>
                <th>Pokok</th>
                <th>Denda</th>
                <th>Jumlah</th>
                <th>Jatuh tempo</th>
              </tr>
            </thead>
            <tbody>
              {o.bills.length === 0 && (
                <tr>
                  <td colSpan={5}>Lunas</td>
                </tr>
              )}
              {o.bills.map((b) => (
                <tr key={b.year}>
                  <td>{b.year}</td>
                  <td>{formatRupiah(b.amount)}</td>
                  <td>{formatRupiah(b.penalty)}</td>
                  <td>{formatRupiah(b.totalDue)}</td>
                  <td>{formatDate(b.dueDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <PayTax taxObject={o} />
        </div>
      ))}
    </>
  );
}

function Water({ accounts }: { accounts: Citizen['waterAccounts'] }) {
  if (!accounts || accounts.length === 0) return <p>Tidak ada sambungan air atas nama warga.</p>;
  return (
    <>
      {accounts.map((a) => (
        <table key={a.customerNumber}>
          <caption>
            Sambungan {a.customerNumber} ({a.tariffName}): tunggakan{' '}
            {formatRupiah(a.totalOutstanding)}
          </caption>
          <thead>
            <tr>
              <th>Periode</th>
              <th>Pemakaian</th>
              <th>Denda</th>
              <th>Jumlah</th>
            </tr>
          </thead>
          <tbody>
            {a.unpaidPeriods.length === 0 && (
              <tr>
                <td colSpan={4}>Lunas</td>
              </tr>
            )}
            {a.unpaidPeriods.map((p) => (
              <tr key={p.period}>
                <td>{p.period}</td>
                <td>{p.usageM3} m³</td>
                <td>{formatRupiah(p.penalty)}</td>
                <td>{formatRupiah(p.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}
